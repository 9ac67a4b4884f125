"""CSV export of a year's figures (semicolon-separated, decimal comma: opens as is in French spreadsheets)."""
import csv
import io

from django.utils.translation import gettext as _


def _number(value):
    return "" if value is None else str(value).replace(".", ",")


def rapport_rows(rapport):
    yield [_("Indicator"), _("Label"), _("Number"), _("Share (%)")]
    yield [_("Requests"), str(rapport.year), rapport.total, ""]
    yield [_("Requests"), str(rapport.year - 1), rapport.previous_total, ""]
    yield [_("Change from the previous year"), "", rapport.difference, _number(rapport.evolution)]
    if rapport.hors_territoire is not None:
        part = rapport.hors_territoire
        yield [_("Territory"), part.label, part.count, _number(part.percent)]
    yield [_("Median time to answer (days)"), "", rapport.answered, _number(rapport.median_days)]
    for title, parts in ((_("Theme"), rapport.themes), (_("Type of organisation"), rapport.types),
                         (_("Territory"), rapport.territoires)):
        for part in parts:
            yield [title, part.label, part.count, _number(part.percent)]


def rapport_csv(rapport):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(rapport_rows(rapport))
    return "\ufeff" + buffer.getvalue()
