"""Publishing imported notices as the administration does, with the bookkeeping done once a batch.

Wagtail's ``save_revision()`` then ``revision.publish()`` saves the notice twice, rebuilds it
from the revision's JSON and queries the revisions again; for a notice the import has just
written, everything it needs is already in memory. ``BatchPublisher.publish`` writes the same
result — a revision as the latest and live one, ``live``, no unpublished changes,
first/last publication dates, the ``published`` signal, the log entries (create, rename,
publish) and the cancelled workflow — and keeps for the end of the batch what can be written
at once: the log entries (one insert) and the reference index. ``publish_new`` and
``publish_updated`` do the same for a whole batch of new or stored notices with a bounded number
of statements (one insert or update per table), whatever the batch's size.

Not handled here (the importer keeps Wagtail's own path for them): publication scheduled in
the future (``go_live_at``) and partners' drafts submitted to moderation.

Wagtail's private API is used in one function only, ``wagtail_reference_rows`` (tested against
Wagtail's own result).
"""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.db.models.signals import post_save
from django.dispatch import Signal
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import ReferenceIndex, Revision, WorkflowState
from wagtail.signals import published

from base_documentaire.doublons.keys import isbn_key, title_key, title_start

from .relations import commit_relations, delete_rows, insert_rows, update_rows

# A new notice as ``publish`` first saves it, and as its revision holds it: not yet published.
UNPUBLISHED = {"live": False, "has_unpublished_changes": False, "first_published_at": None,
               "last_published_at": None, "latest_revision_id": None, "live_revision_id": None}
PUBLICATION_FIELDS = ["latest_revision", "live", "has_unpublished_changes", "expired", "live_revision",
                      "first_published_at", "last_published_at", "updated_at"]
KEY_FIELDS = ["titre_cle", "titre_debut", "isbn_cle"]  # what Notice.save computes (prepare_keys)

# Sent once a batch with the notices it published (``notices``), after Wagtail's ``published``
# was sent for each of them with ``batch=True``: a receiver that queries the database for each
# notice (reseau.oai's tombstones) does it here once for all of them instead.
notices_published = Signal()


def can_publish_now(notice):
    """False when the notice waits for a publication date: Wagtail's scheduling applies."""
    return not (notice.go_live_at and notice.go_live_at > timezone.now())


def save_keeping_relations(notice, **kwargs):
    """``notice.save()``, then its children and many-to-many kept in memory as saved (modelcluster
    forgets them once written), so that the revision and the reference index read them without
    querying them again."""
    names = [relation.get_accessor_name() for relation in get_all_child_relations(notice)]
    names += [field.name for field in get_all_child_m2m_relations(notice)]
    kept = {name: list(getattr(notice, name).all()) for name in names}
    notice.save(**kwargs)
    for name, items in kept.items():
        setattr(notice, name, items)


class BatchPublisher:
    def __init__(self, user=None):
        self.user = user
        self.log_entries = []  # ModelLogEntry instances, inserted by flush()
        self.written = []  # (notice, created) whose reference index flush() updates

    # -- per row -----------------------------------------------------------------------------------

    def mark(self):
        """Where the batch stands, to forget a row that is rolled back (see ``rollback_to``)."""
        return len(self.log_entries), len(self.written)

    def rollback_to(self, mark):
        del self.log_entries[mark[0]:]
        del self.written[mark[1]:]

    def publish(self, notice, created, previous_title=None):
        """Save the notice (with its children), a revision of it, and publish that revision.
        ``previous_title``: the title the stored notice had before this row (updates only)."""
        if created:
            notice.live, notice.has_unpublished_changes = False, False
            save_keeping_relations(notice)  # the notice and its children, as the admin's create does
        revision = self._save_revision(notice)
        if created:
            self._log(notice, "wagtail.create", revision, content_changed=True)
        had_revision = not created and notice.latest_revision_id is not None
        self._apply_publication(notice, revision)
        if created:
            notice.save(update_fields=PUBLICATION_FIELDS)
        else:
            # Publishing clears any other scheduled revision, as Wagtail does.
            notice.revisions.exclude(pk=revision.pk).update(approved_go_live_at=None)
            save_keeping_relations(notice)  # fields and children, the same values as the revision's
        published.send(sender=type(notice), instance=notice, revision=revision)
        if not created:
            self._cancel_workflow(notice)
        if had_revision and previous_title is not None and previous_title != str(notice):
            self._log(notice, "wagtail.rename", revision, data={"title": {"old": previous_title, "new": str(notice)}})
        self._log(notice, "wagtail.publish", revision, content_changed=True)
        self.written.append((notice, created))
        return revision

    def publish_new(self, notices):
        """``publish(notice, created=True)`` for many new notices at once: one insert per table
        (notices, each kind of child, many-to-many rows, revisions) and one update of their
        publication state, whatever their number. The caller runs it in a savepoint and, when the
        database refuses it, writes the rows one at a time (``publish``) to find the bad one."""
        if not notices:
            return []
        model = type(notices[0])
        kept = [children_in_memory(notice) for notice in notices]  # read before the notices get a pk
        for notice in notices:
            prepare_keys(notice)
            self._apply_publication(notice, None)  # inserted published; the revision is set below
        model.objects.bulk_create(notices)
        saved(notices, created=True)  # receivers see every save, as with ``publish``
        insert_children(notices, kept)
        revisions = Revision.objects.bulk_create([self._new_revision(notice) for notice in notices])
        set_revisions(model, notices, revisions)
        saved(notices, created=False, update_fields=frozenset(PUBLICATION_FIELDS))
        for notice, revision in zip(notices, revisions):
            self._log(notice, "wagtail.create", revision, content_changed=True)
            published.send(sender=model, instance=notice, revision=revision, batch=True)
            self._log(notice, "wagtail.publish", revision, content_changed=True)
            self.written.append((notice, True))
        notices_published.send(sender=model, notices=notices)
        return revisions

    def publish_updated(self, updates, fields):
        """``publish(notice, False, previous_title)`` for many stored notices at once, ``updates``
        [(notice, previous_title)] with their relations prefetched or set in memory; ``fields``:
        the notice fields the rows may have changed. One insert of the revisions, one update of
        the notices (a statement run for each: relations.update_rows), for each relation one read,
        one delete and one insert (relations.py), one update of the other revisions, one read of
        the workflows in progress, whatever their number. Run in a savepoint by the caller, which
        writes the rows one at a time (``publish``) if the database refuses it."""
        if not updates:
            return []
        notices = [notice for notice, _title in updates]
        model = type(notices[0])
        had_revision = [notice.latest_revision_id is not None for notice in notices]
        revisions = Revision.objects.bulk_create([self._revision(notice) for notice in notices])
        now = timezone.now()
        for notice, revision in zip(notices, revisions):
            prepare_keys(notice)  # after the revision, as ``save`` computes them
            self._apply_publication(notice, revision)
            notice.updated_at = now
        names = {model._meta.get_field(name).name for name in fields}
        update_rows(model, notices, sorted(names | set(KEY_FIELDS) | set(PUBLICATION_FIELDS)))
        commit_relations(notices)
        # Publishing clears any other scheduled revision, as Wagtail does.
        Revision.objects.filter(
            content_type=revisions[0].content_type_id, object_id__in=[str(notice.pk) for notice in notices],
            approved_go_live_at__isnull=False).exclude(pk__in=[revision.pk for revision in revisions]).update(
            approved_go_live_at=None)
        saved(notices, created=False)
        for notice, revision in zip(notices, revisions):
            published.send(sender=model, instance=notice, revision=revision, batch=True)
        notices_published.send(sender=model, notices=notices)
        self._cancel_workflows(notices)
        for (notice, previous_title), had, revision in zip(updates, had_revision, revisions):
            if had and previous_title is not None and previous_title != str(notice):
                self._log(notice, "wagtail.rename", revision,
                          data={"title": {"old": previous_title, "new": str(notice)}})
            self._log(notice, "wagtail.publish", revision, content_changed=True)
            self.written.append((notice, False))
        return revisions

    def _revision(self, notice):
        """The unsaved revision ``_save_revision`` creates: the notice as edited, before its publication."""
        return Revision(
            content_object=notice, base_content_type=notice.get_base_content_type(), user=self.user,
            approved_go_live_at=None, content=notice.serializable_data(), object_str=str(notice),
            created_at=timezone.now())

    def _cancel_workflows(self, notices):
        """``_cancel_workflow`` for many notices: their workflows in progress read at once."""
        if not (getattr(settings, "WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH", True)
                and getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True)):
            return
        states = WorkflowState.objects.active().filter(
            base_content_type=notices[0].get_base_content_type(), object_id__in=[str(notice.pk) for notice in notices])
        for state in states:
            state.cancel(user=self.user)

    def _new_revision(self, notice):
        """The unsaved revision ``_save_revision`` creates for a new notice: the notice as saved
        before its publication (``publish`` saves it unpublished first; ``Revision.save`` sets
        created_at)."""
        state = {name: getattr(notice, name) for name in UNPUBLISHED}
        notice.__dict__.update(UNPUBLISHED)
        try:
            content = notice.serializable_data()
        finally:
            notice.__dict__.update(state)
        return Revision(
            content_object=notice, base_content_type=notice.get_base_content_type(), user=self.user,
            approved_go_live_at=None, content=content, object_str=str(notice), created_at=timezone.now())

    def _save_revision(self, notice):
        """As ``RevisionMixin.save_revision`` (without cleaning, as the import asked): the revision
        holds the notice as edited, before its publication."""
        return Revision.objects.create(
            content_object=notice, base_content_type=notice.get_base_content_type(), user=self.user,
            approved_go_live_at=None, content=notice.serializable_data(), object_str=str(notice))

    @staticmethod
    def _apply_publication(notice, revision):
        """What ``PublishRevisionAction`` sets on an object published now."""
        now = timezone.now()
        if revision is not None:
            notice.latest_revision = revision
        notice.live = True
        notice.has_unpublished_changes = False  # the revision is the latest one
        notice.expired = False
        if revision is not None:
            notice.live_revision = revision
        notice.last_published_at = now
        if notice.first_published_at is None:
            notice.first_published_at = now

    def _cancel_workflow(self, notice):
        """Publishing cancels a moderation in progress (``WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH``).
        A notice created by this row cannot be in a workflow yet."""
        if getattr(settings, "WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH", True) and (state := notice.current_workflow_state):
            state.cancel(user=self.user)

    def _log(self, notice, action, revision, data=None, content_changed=False):
        """The entry ``wagtail.log_actions.log`` would write, kept for one insert per batch."""
        context = get_active_log_context()
        model = log_registry.get_log_model_for_instance(notice)
        entry = model(
            content_type=ContentType.objects.get_for_model(notice, for_concrete_model=False),
            label=model.objects.get_instance_title(notice), action=action, timestamp=timezone.now(),
            data=data or {}, user=self.user or context.user, uuid=context.uuid, object_id=str(notice.pk),
            revision=revision, content_changed=content_changed)
        entry.clean()  # the action is registered (full_clean's other checks are the database's)
        self.log_entries.append(entry)

    # -- per batch ---------------------------------------------------------------------------------

    def flush(self):
        """Write what the batch's rows left for the end (inside the batch's transaction)."""
        entries, self.log_entries = self.log_entries, []
        if entries:
            insert_rows(type(entries[0]), entries)
        written, self.written = self.written, []
        updated = {notice.pk: notice for notice, created in written if not created}
        created = [notice for notice, is_new in written if is_new and notice.pk not in updated]
        index_new_references(created)
        update_references(list(updated.values()))  # from the saved notices in memory: no reload


def set_revisions(model, notices, revisions):
    """Each new notice's revision as its latest and live one: in memory, and in one update (each
    has exactly one revision, the one just inserted)."""
    for notice, revision in zip(notices, revisions):
        notice.latest_revision = notice.live_revision = revision
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    revision = Subquery(Revision.objects.filter(content_type=content_type, object_id=Cast(OuterRef("pk"), CharField()))
                        .order_by("-pk").values("pk")[:1])
    model.objects.filter(pk__in=[notice.pk for notice in notices]).update(latest_revision=revision,
                                                                          live_revision=revision)


def saved(notices, created, update_fields=None):
    """``post_save`` for notices written in bulk (index outbox, duplicate detection and any receiver)."""
    for notice in notices:
        post_save.send(sender=type(notice), instance=notice, created=created, update_fields=update_fields,
                       raw=False, using=notice._state.db)


def prepare_keys(notice):
    """What ``Notice.save`` computes before writing (duplicate detection's keys): a bulk insert
    does not call ``save``."""
    notice.titre_cle, notice.isbn_cle = title_key(notice.titre), isbn_key(notice.isbn)
    notice.titre_debut = title_start(notice.titre_cle)


def children_in_memory(notice):
    """{relation name: items} of an unsaved notice's children and many-to-many (modelcluster's
    in-memory values; empty for those never set). Those never set are not asked to modelcluster
    (its managers build a query for each), as their in-memory store tells."""
    names = [relation.get_accessor_name() for relation in get_all_child_relations(notice)]
    names += [field.name for field in get_all_child_m2m_relations(notice)]
    in_memory = getattr(notice, "_cluster_related_objects", None)
    return {name: list(getattr(notice, name).all()) if in_memory is None or name in in_memory else []
            for name in names}


def insert_children(notices, kept):
    """Insert the children and many-to-many rows ``kept`` (``children_in_memory`` of each notice,
    now saved) in one insert per table, and keep them in memory as saved."""
    sample = notices[0]
    for relation in get_all_child_relations(sample):
        name, key = relation.get_accessor_name(), relation.field.attname
        items = []
        for notice, children in zip(notices, kept):
            for child in children[name]:
                setattr(child, key, notice.pk)
            items += children[name]
        if items:
            relation.related_model.objects.bulk_create(items)
    for field in get_all_child_m2m_relations(sample):
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        insert_rows(through, [through(**{source: notice.pk, target: item.pk})
                              for notice, children in zip(notices, kept) for item in children[field.name]])
    for notice, children in zip(notices, kept):
        for name, items in children.items():
            setattr(notice, name, items)


def index_new_references(notices):
    """``ReferenceIndex.create_or_update_for_object`` for notices that have just been created (no
    reference recorded yet, nothing to compare or delete): one insert for all of them."""
    rows = [row for notice in notices for row in wagtail_reference_rows(notice)]
    insert_rows(ReferenceIndex, rows, ignore_conflicts=connection.features.supports_ignore_conflicts)


def update_references(notices):
    """``ReferenceIndex.create_or_update_for_object`` for stored notices (of one model), with one
    read of their recorded references, one insert of the new ones and one delete of those gone."""
    if not notices:
        return
    sample = notices[0]
    content_types = [ContentType.objects.get_for_model(model, for_concrete_model=False)
                     for model in [sample, *sample._meta.get_parent_list()]]
    known = {content_type.pk for content_type in content_types}
    recorded = {}  # object id -> {reference: (content type id, row id)}
    rows = ReferenceIndex.objects.filter(base_content_type=content_types[-1],
                                         object_id__in=[str(notice.pk) for notice in notices])
    for pk, content_type_id, object_id, to_type, to_id, model_path, content_path in rows.values_list(
            "pk", "content_type_id", "object_id", "to_content_type_id", "to_object_id", "model_path", "content_path"):
        recorded.setdefault(str(object_id), {})[(to_type, str(to_id), model_path, content_path)] = (content_type_id, pk)
    new, gone = [], []
    for notice in notices:
        existing = recorded.get(str(notice.pk), {})
        wanted = {_reference(row): row for row in wagtail_reference_rows(notice)}
        new += [row for reference, row in wanted.items() if reference not in existing]
        gone += [pk for reference, (content_type_id, pk) in existing.items()
                 if reference not in wanted and content_type_id in known]
    insert_rows(ReferenceIndex, new, ignore_conflicts=connection.features.supports_ignore_conflicts)
    if gone:
        delete_rows(ReferenceIndex, gone)


def _reference(row):
    """What identifies a reference (``create_or_update_for_object``'s "reference record")."""
    return (row.to_content_type_id, str(row.to_object_id), row.model_path, row.content_path)


def wagtail_reference_rows(instance):
    """The `ReferenceIndex` rows (unsaved) that ``ReferenceIndex.create_or_update_for_object``
    inserts for an instance that has none recorded yet.

    The import's only use of Wagtail's private API, kept here: Wagtail (8.0) has no public way to
    get an object's references without writing them one object at a time (its public method reads
    the recorded rows first, a query per notice). It calls the private
    ``ReferenceIndex._extract_references_from_object`` and ``ReferenceIndex._get_content_path_hash``
    and builds the rows as ``create_or_update_for_object`` does.
    tests/base_documentaire/test_import_publication.py (``test_wagtail_reference_rows_…``) fails if
    Wagtail changes either: then compare with ``create_or_update_for_object`` and follow it.
    """
    content_types = [ContentType.objects.get_for_model(model, for_concrete_model=False)
                     for model in [instance, *instance._meta.get_parent_list()]]
    references = set(ReferenceIndex._extract_references_from_object(instance))
    return [
        ReferenceIndex(content_type=content_types[0], base_content_type=content_types[-1], object_id=instance.pk,
                       to_content_type_id=to_content_type_id, to_object_id=to_object_id, model_path=model_path,
                       content_path=content_path, content_path_hash=ReferenceIndex._get_content_path_hash(content_path))
        for to_content_type_id, to_object_id, model_path, content_path in references
    ]
