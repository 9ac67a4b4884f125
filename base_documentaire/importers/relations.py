"""What ``ClusterableModel.save`` writes of a stored notice (its row, and the relations it holds
in memory: modelcluster's children and many-to-many), for a batch of notices at once.

The rows are updated by one statement prepared once and run for each notice (``update_rows``):
Django's ``bulk_update`` builds a CASE expression per field and per row, which took half an
import's time for notices of 30 fields.

modelcluster commits each relation of each notice on its own: it reads the stored rows, deletes
each row gone one by one and saves each row kept or new one by one. Here each relation costs, for
the whole batch, one read of the stored rows, one delete of the rows gone and one insert of the
new ones. A relation never set in memory is left as stored (as modelcluster does). A child row
already stored and still in memory is not rewritten: an import never edits one in place (authors
and links are replaced, files and keyword rows added).
"""
from django.db import connections, router
from django.db.models.constants import OnConflict
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations


def commit_relations(notices):
    """Write the children and many-to-many rows set in memory on these stored notices (of one
    model); they stay in memory as saved (new child rows get their primary key)."""
    if not notices:
        return
    sample = notices[0]
    for relation in get_all_child_relations(sample):
        _commit_children(notices, relation)
    for field in get_all_child_m2m_relations(sample):
        _commit_many_to_many(notices, field)


def insert_rows(model, objects, ignore_conflicts=False):
    """INSERT these new objects: one statement, prepared once and run for each (``executemany``),
    their values prepared by each field as ``bulk_create`` prepares them, no primary key read back:
    for the rows an import never reads again (log entries, references, many-to-many rows), whose
    multi-row ``bulk_create`` spent most of its time building the SQL."""
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    quote, meta = connection.ops.quote_name, model._meta
    fields = [field for field in meta.concrete_fields
              if not (field.primary_key and getattr(field, "db_returning", False)) and not field.generated]
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    sql = "{} {} ({}) VALUES ({}) {}".format(
        connection.ops.insert_statement(on_conflict=on_conflict), quote(meta.db_table),
        ", ".join(quote(field.column) for field in fields), ", ".join(["%s"] * len(fields)),
        connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None)).strip()
    rows = [[field.get_db_prep_save(field.pre_save(item, True), connection) for field in fields] for item in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def update_rows(model, objects, names):
    """UPDATE these fields (names) of these stored objects: one statement, prepared once and run
    for each object (``executemany``), its values prepared by each field as ``save`` prepares them."""
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    quote, meta = connection.ops.quote_name, model._meta
    fields = [meta.get_field(name) for name in names]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(meta.db_table), ", ".join(f"{quote(field.column)} = %s" for field in fields), quote(meta.pk.column))
    rows = [[field.get_db_prep_save(getattr(item, field.attname), connection) for field in fields]
            + [meta.pk.get_db_prep_value(item.pk, connection)] for item in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def delete_rows(model, pks):
    """Delete these rows in one statement. ``QuerySet.delete()`` reads them first and deletes them
    by hundreds as soon as any ``post_delete`` receiver listens to every model (ressources'
    request cache does); these rows (children and many-to-many rows of notices, as bulk_create
    inserts them) need no signal: Django's own fast delete is used (``_raw_delete``)."""
    queryset = model._base_manager.filter(pk__in=pks)
    queryset._raw_delete(queryset.db)


def in_memory(notice, name):
    """The items of a relation set in memory on the notice; None when it was never set."""
    return (getattr(notice, "_cluster_related_objects", None) or {}).get(name)


def _commit_children(notices, relation):
    name, key = relation.get_accessor_name(), relation.field.attname
    pending = [(notice, items) for notice in notices if (items := in_memory(notice, name)) is not None]
    if not pending:
        return
    model = relation.related_model
    kept = {item.pk for _notice, items in pending for item in items if item.pk is not None}
    stored = model.objects.filter(**{f"{key}__in": [notice.pk for notice, _items in pending]})
    gone = [pk for pk in stored.values_list("pk", flat=True) if pk not in kept]
    if gone:
        delete_rows(model, gone)
    new = []
    for notice, items in pending:
        for item in items:
            if item.pk is None:
                setattr(item, key, notice.pk)
                new.append(item)
    if new:
        model.objects.bulk_create(new)


def _commit_many_to_many(notices, field):
    pending = [(notice, items) for notice in notices if (items := in_memory(notice, field.name)) is not None]
    if not pending:
        return
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    wanted = {(notice.pk, item.pk) for notice, items in pending for item in items}
    stored = list(through.objects.filter(**{f"{source}__in": [notice.pk for notice, _items in pending]})
                  .values_list("pk", source, target))
    gone = [pk for pk, notice_id, item_id in stored if (notice_id, item_id) not in wanted]
    if gone:
        delete_rows(through, gone)
    present = {(notice_id, item_id) for _pk, notice_id, item_id in stored}
    new = [(notice.pk, item.pk) for notice, items in pending for item in items]
    rows = [through(**{source: notice_id, target: item_id})
            for notice_id, item_id in dict.fromkeys(new) if (notice_id, item_id) not in present]
    insert_rows(through, rows)
