"""What the repository exposes: published notices and the tombstones of withdrawn ones, merged
into one list ordered by notice id and read by pages (keyset: `id > after`)."""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from base_documentaire.models import Notice, NoticeAuteur, NoticeLien
from base_documentaire.models.notices import NoticeMotCle

from . import conf, dates
from .models import DeletedRecord, DeletedRecordSet
from .sets import CONTRIBUTEUR, THEME

IDENTIFIER_LOCAL_PREFIX = "notice/"


def oai_identifier(notice_id, repository_identifier=None):
    return f"oai:{repository_identifier or conf.repository_identifier()}:{IDENTIFIER_LOCAL_PREFIX}{notice_id}"


def notice_id_of(identifier):
    """The notice id an identifier of this repository names, else None."""
    prefix = f"oai:{conf.repository_identifier()}:{IDENTIFIER_LOCAL_PREFIX}"
    local = identifier.removeprefix(prefix) if identifier.startswith(prefix) else ""
    return int(local) if local.isascii() and local.isdigit() and len(local) < 19 else None


def live_notices():
    return Notice.objects.filter(live=True).select_related("contributeur")


@dataclass
class Related:
    """What a page of records needs besides the notices' own fields, as plain values by notice id:
    one query per relation for the whole page (model instances would cost more than the XML)."""

    theme_ids: dict
    auteurs: dict = field(default_factory=dict)
    territoires: dict = field(default_factory=dict)
    liens: dict = field(default_factory=dict)
    mots_cles: dict = field(default_factory=dict)

    @classmethod
    def load(cls, notice_ids, with_metadata):
        ids = list(notice_ids)
        related = cls(_grouped(Notice.themes.through.objects.filter(notice_id__in=ids)
                               .values_list("notice_id", "theme_id")))
        if with_metadata and ids:
            related.auteurs = _grouped(NoticeAuteur.objects.filter(notice_id__in=ids)
                                       .order_by("sort_order", "pk").values_list("notice_id", "nom"))
            related.territoires = _grouped(Notice.territoires.through.objects.filter(notice_id__in=ids)
                                           .order_by("territoire__libelle")
                                           .values_list("notice_id", "territoire__libelle"))
            related.liens = _grouped(NoticeLien.objects.filter(notice_id__in=ids)
                                     .order_by("sort_order", "pk").values_list("notice_id", "url"))
            related.mots_cles = _grouped(NoticeMotCle.objects.filter(content_object_id__in=ids)
                                         .order_by("tag__name").values_list("content_object_id", "tag__name"))
        return related


def _grouped(pairs):
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def deleted_records():
    return DeletedRecord.objects.prefetch_related("sets")


@dataclass
class Selection:
    """The live notices and tombstones matching a list request's set and dates."""

    live: object  # QuerySet of Notice
    deleted: object  # QuerySet of DeletedRecord

    def count(self):
        return self.live.count() + self.deleted.count()

    def page(self, after, size):
        """Up to `size` items with an id greater than `after`, and whether more follow."""
        live = list(self.live.filter(pk__gt=after).order_by("pk")[:size + 1])
        deleted = list(self.deleted.filter(notice_id__gt=after).order_by("notice_id")[:size + 1])
        merged = sorted(live + deleted, key=item_id)
        return merged[:size], len(merged) > size


def item_id(item):
    return item.notice_id if isinstance(item, DeletedRecord) else item.pk


def select(query, tree):
    """The Selection of a ListQuery, or None when its set does not exist."""
    live, deleted = live_notices(), deleted_records()
    if query.set_spec:
        filtered = _filter_by_set(live, deleted, query.set_spec, tree)
        if filtered is None:
            return None
        live, deleted = filtered
    if query.from_:
        start = dates.parse(query.from_).lower_bound()
        live, deleted = live.filter(updated_at__gte=start), deleted.filter(datestamp__gte=start)
    if query.until:
        end = dates.parse(query.until).upper_bound()
        live, deleted = live.filter(updated_at__lt=end), deleted.filter(datestamp__lt=end)
    return Selection(live, deleted)


def _filter_by_set(live, deleted, spec, tree):
    kind, _sep, value = spec.partition(":")
    in_sets = DeletedRecordSet.objects.filter(record=OuterRef("pk"))
    if kind == THEME and not value:
        themed = Notice.themes.through.objects.values("notice_id")
        return live.filter(pk__in=themed), deleted.filter(Exists(in_sets.filter(spec__startswith=THEME + ":")))
    if kind == CONTRIBUTEUR and not value:
        return (live.filter(contributeur__isnull=False),
                deleted.filter(Exists(in_sets.filter(spec__startswith=CONTRIBUTEUR + ":"))))
    if kind == THEME and ":" not in value:
        theme_ids = tree.narrower_or_self(value)
        if theme_ids is None:
            return None
        themed = Notice.themes.through.objects.filter(theme_id__in=theme_ids).values("notice_id")
        return live.filter(pk__in=themed), deleted.filter(Exists(in_sets.filter(spec=spec)))
    if kind == CONTRIBUTEUR and ":" not in value:
        return live.filter(contributeur__code=value), deleted.filter(Exists(in_sets.filter(spec=spec)))
    return None


def find(notice_id):
    """The live notice or the tombstone with this id, else None."""
    notice = live_notices().filter(pk=notice_id).first()
    return notice or deleted_records().filter(notice_id=notice_id).first()


def earliest_datestamp():
    first_live = Notice.objects.filter(live=True).order_by("updated_at").values_list("updated_at", flat=True).first()
    first_deleted = DeletedRecord.objects.order_by("datestamp").values_list("datestamp", flat=True).first()
    moments = [moment for moment in (first_live, first_deleted) if moment]
    return min(moments) if moments else dates.now()
