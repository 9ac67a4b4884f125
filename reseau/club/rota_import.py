"""The agreed source rota, imported from a CSV file: one row a source (columns nom, url, nature,
centre, depuis, jusqu_au, note; semicolon or comma separated, UTF-8). A source is known by its name
within its centre: importing again updates it. Each row is checked by the admin's own form (same
French messages); a bad row is reported with its line and reasons and the others are saved; nothing
already in the rota is deleted."""
import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from base_documentaire.models import Contributeur
from base_documentaire.text import fold

from .models import SourceVeille

REQUIRED = ("nom", "url", "centre")
COLUMNS = ("nom", "url", "nature", "centre", "depuis", "jusqu_au", "note")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MAX_BYTES = 2 * 1024 * 1024


class RotaFileError(ValueError):
    """The file cannot be read at all (French message)."""


class SourceRowForm(forms.ModelForm):
    url = forms.URLField(max_length=1000, assume_scheme="https")
    depuis = forms.DateField(required=False, input_formats=DATE_FORMATS)
    jusqu_au = forms.DateField(required=False, input_formats=DATE_FORMATS)

    class Meta:
        model = SourceVeille
        fields = COLUMNS


@dataclass
class RotaReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, [messages])


def read_rows(data):
    """The rows of the file as dicts (column names folded); RotaFileError if it is no rota CSV."""
    if len(data) > MAX_BYTES:
        raise RotaFileError(_("The file is larger than 2 MiB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RotaFileError(_("The file is not encoded in UTF-8: save it as “CSV UTF-8”.")) from None
    if not text.strip():
        raise RotaFileError(_("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [_column(name) for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise RotaFileError(_("Missing columns: %(columns)s (expected: %(expected)s).")
                            % {"columns": ", ".join(missing), "expected": ", ".join(COLUMNS)})
    reader.fieldnames = header
    return [(reader.line_num, row) for row in reader]


def import_rota(data):
    """Import the CSV bytes; returns a RotaReport. Raises RotaFileError for an unreadable file."""
    rows = read_rows(data)
    centres = _index(Contributeur.objects.all(), lambda centre: (centre.code, centre.nom))
    natures = {fold(key): code for code, label in SourceVeille.Nature.choices for key in (code, str(label))}
    report = RotaReport()
    for line, row in rows:
        values = {name: (row.get(name) or "").strip() for name in COLUMNS}
        if not any(values.values()):
            continue
        _import_row(line, values, centres, natures, report)
    return report


def _import_row(line, values, centres, natures, report):
    centre = centres.get(fold(values["centre"]))
    if centre is None:
        reason = (_("Unknown centre “%(centre)s”: give its code or its name.") % {"centre": values["centre"]}
                  if values["centre"] else _("The centre is missing."))
        report.errors.append((line, [reason]))
        return
    nature = natures.get(fold(values["nature"]), SourceVeille.Nature.AUTRE if not values["nature"] else None)
    if nature is None:
        choices = ", ".join(str(label) for _code, label in SourceVeille.Nature.choices)
        report.errors.append((line, [_("Unknown kind “%(kind)s”: %(choices)s.")
                                     % {"kind": values["nature"], "choices": choices}]))
        return
    existing = SourceVeille.objects.filter(nom=values["nom"], centre=centre).first()
    form = SourceRowForm({**values, "centre": centre.pk, "nature": nature}, instance=existing)
    if not form.is_valid():
        report.errors.append((line, [f"{_field_label(name)} : {message}" if name != "__all__" else message
                                     for name, messages in form.errors.items() for message in messages]))
        return
    with transaction.atomic():
        form.save()
    (report.updated if existing else report.created).append(form.instance.nom)


def _column(name):
    """« Jusqu’au » or « jusqu'au » -> jusqu_au."""
    return fold(name or "").replace("’", "_").replace("'", "_").replace(" ", "_")


def _field_label(name):
    return str(SourceVeille._meta.get_field(name).verbose_name).capitalize()


def _index(objects, keys):
    index = {}
    for item in objects:
        for key in keys(item):
            index.setdefault(fold(key), item)
    return index
