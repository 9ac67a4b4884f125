"""Merged notices stay merged: the identifiers of a notice merged away answer for the notice kept.

``record`` is called by the merge; ``resolve`` by whoever looks a notice up by its source's
identifier (the importer, through it the OAI harvester, and the partner API).
"""
from base_documentaire.models import NoticeAlias


def record(kept, other):
    """``other`` is merged into ``kept``: its identifier, and the aliases it had, now lead to ``kept``."""
    NoticeAlias.objects.filter(notice=other).update(notice=kept)
    if other.external_id:
        NoticeAlias.objects.update_or_create(
            contributeur=other.contributeur, external_id=other.external_id,
            defaults={"notice": kept, "ancien_numero": other.pk})


def resolve(contributeur, external_ids=None):
    """{external id: notice pk} of the contributeur's aliases (all of them, or of ``external_ids``)."""
    aliases = NoticeAlias.objects.filter(contributeur=contributeur)
    if external_ids is not None:
        aliases = aliases.filter(external_id__in=list(external_ids))
    return dict(aliases.values_list("external_id", "notice_id"))


def of_notice(notice_pk):
    """The aliases of one notice, oldest first, with their contributeur."""
    return list(NoticeAlias.objects.filter(notice_id=notice_pk).select_related("contributeur").order_by("pk"))
