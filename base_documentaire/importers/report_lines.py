"""Lines of an import report that every command prints the same way."""
from django.utils.translation import gettext as _

from ..models import TermeCandidat


def write_unknown_terms(out, unknown_terms):
    """The labels that matched no vocabulary entry, most frequent first (kept as candidate terms)."""
    if not unknown_terms:
        return
    out.write(_("Unknown labels (recorded as candidate terms):"))
    vocabularies = dict(TermeCandidat.Vocabulaire.choices)
    for (vocabulaire, label), count in sorted(unknown_terms.items(), key=lambda item: -item[1]):
        out.write("  " + _("%(vocabulary)s: %(label)s (%(count)d)")
                  % {"vocabulary": vocabularies.get(vocabulaire, vocabulaire), "label": label, "count": count})
