"""Reading a batch's stored notices with all their relations, as an import compares, completes
and revises them and as the index update turns them into documents: one query per relation for
the whole batch, the rows set on each notice in memory as modelcluster holds what an edit sets
(``notice.auteurs = [...]``).

``prefetch_related`` would read the same rows in as many queries, but builds a queryset per
notice and per relation to hold them (nine relations: most of the time of an unchanged
re-import, a third of an import's index update). Held in memory, the relations are read by the
import's comparisons, by the revision (``serializable_data``), by the reference index and by
the index documents without a query, and written back by
``relations.commit_relations`` only where they changed.
"""
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

# The foreign keys of child rows that comparing or indexing a notice follows.
FOLLOWED = {"fichiers": ("fichier",), "mots_cles_items": ("tag",)}


def load_notices(model, ids, queryset=None):
    """{pk: notice} of these stored notices (among ``queryset`` when given), every child relation
    and many-to-many set in memory."""
    notices = list((model.objects.all() if queryset is None else queryset).filter(pk__in=ids))
    if not notices:
        return {}
    for relation in get_all_child_relations(notices[0]):
        _set_children(notices, relation)
    for field in get_all_child_m2m_relations(notices[0]):
        _set_many_to_many(notices, field)
    return {notice.pk: notice for notice in notices}


def _set_children(notices, relation):
    name, key = relation.get_accessor_name(), relation.field.attname
    rows = relation.related_model.objects.filter(**{f"{key}__in": [notice.pk for notice in notices]})
    if name in FOLLOWED:  # (select_related() without names would follow every key, the notice's too)
        rows = rows.select_related(*FOLLOWED[name])
    grouped = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    for notice in notices:
        setattr(notice, name, grouped.get(notice.pk, []))  # sorted as the model orders them


def _set_many_to_many(notices, field):
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = through.objects.filter(**{f"{source}_id__in": [notice.pk for notice in notices]})
    grouped = {}
    for row in rows.select_related(target):
        grouped.setdefault(getattr(row, f"{source}_id"), []).append(getattr(row, target))
    for notice in notices:
        setattr(notice, field.name, grouped.get(notice.pk, []))
