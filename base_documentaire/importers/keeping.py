"""What an import keeps when it updates a notice that exists already.

The rule: an import never removes a thème, a territory or a keyword from a notice. What the
record gives is added; what the notice has and the record does not give (added in the
administration, or brought by a merge) is kept, and the row's report names it (alphabetical order), so that
the documentalist removes it by hand if the source really dropped it. Fields are the source's:
the record's values replace the notice's, as before.

A record whose identifier is that of a notice merged away (``doublons.aliases``) completes the
notice kept as the merge did, without replacing what it has: its empty fields are filled, its
links, thèmes, territories and keywords added, its authors given only when it has none.
"""
from django.utils.translation import gettext as _

from base_documentaire.text import fold

KEPT_MESSAGES = {
    "themes": lambda labels: _("Themes kept although the record does not give them (added by hand or by a "
                               "merge): %(labels)s.") % {"labels": labels},
    "territoires": lambda labels: _("Territories kept although the record does not give them (added by hand or "
                                    "by a merge): %(labels)s.") % {"labels": labels},
    "mots_cles": lambda labels: _("Keywords kept although the record does not give them (added by hand or by a "
                                  "merge): %(labels)s.") % {"labels": labels},
}


def prepare_update(notice, checked, merged=False):
    """Adjust ``checked`` before it is written onto the existing ``notice`` (relations prefetched
    or read here); report lines go to ``checked.warnings``."""
    if merged:
        _complete_only(notice, checked)
    kept = {
        "themes": _union(checked, "themes", list(notice.themes.all())),
        "territoires": _union(checked, "territoires", list(notice.territoires.all())),
        "mots_cles": _union_names(checked, [tag.name for tag in notice.mots_cles.all()]),
    }
    if merged:
        return
    for name, labels in kept.items():
        if labels:
            checked.warnings.append(KEPT_MESSAGES[name](", ".join(sorted(labels, key=fold))))


def _union(checked, name, current):
    """The notice's items the record does not give, added to the record's; their labels."""
    given = getattr(checked, name)
    if given is None:
        return []
    pks = {item.pk for item in given}
    kept = [item for item in current if item.pk not in pks]
    setattr(checked, name, list(given) + kept)
    return [str(item) for item in kept]


def _union_names(checked, current):
    if checked.mots_cles is None:
        return []
    kept = [name for name in current if name not in set(checked.mots_cles)]
    checked.mots_cles = list(checked.mots_cles) + kept
    return kept


def _complete_only(notice, checked):
    """The record of a merged-away notice: fills what the notice kept lacks, replaces nothing."""
    checked.fields = {name: value for name, value in checked.fields.items()
                      if getattr(notice, name, None) in ("", None)}
    if checked.auteurs is not None and list(notice.auteurs.all()):
        checked.auteurs = None
    if checked.urls is not None:
        current = [link.url for link in notice.liens.all()]
        checked.urls = current + [url for url in checked.urls if url not in current]
    checked.warnings.append(_("The identifier “%(id)s” is that of a notice merged into notice no. %(number)d: "
                              "the record completes it, it replaces nothing.")
                            % {"id": checked.external_id, "number": notice.pk})
