"""The import publishes as the administration does, with its bookkeeping written once a batch:
revision, publication state, log entries, `published` signal, reference index, index outbox,
and a bounded number of queries per row."""
import pytest
from django.db.models.signals import post_save
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, ReferenceIndex
from wagtail.signals import published

from base_documentaire.importers.publication import BatchPublisher, wagtail_reference_rows
from base_documentaire.importers.service import import_file
from base_documentaire.models import Notice, NoticeAuteur, PendingIndexUpdate

from .test_import import GOOD_ROWS, csv_file


@pytest.fixture(autouse=True)
def clean_index(search_index):
    return search_index


def log_entries(notice):
    return list(ModelLogEntry.objects.filter(object_id=str(notice.pk)).order_by("timestamp", "pk"))


def admin_published(titre, vocab, crpv):
    """A notice created and published through Wagtail's own API, as the administration does."""
    notice = Notice(titre=titre, contributeur=crpv, external_id="ADMIN", live=False)
    notice.auteurs = [NoticeAuteur(nom="Dupont, Jean", nature="personne", sort_order=0)]
    notice.themes = [vocab["sante"]]
    notice.save()
    revision = notice.save_revision(clean=False)
    log(instance=notice, action="wagtail.create", revision=revision, content_changed=True)
    revision.publish(skip_permission_checks=True)
    notice.refresh_from_db()
    return notice


def publication_state(notice):
    entries = log_entries(notice)
    return {
        "live": notice.live, "has_unpublished_changes": notice.has_unpublished_changes, "expired": notice.expired,
        "live_is_latest": notice.live_revision_id == notice.latest_revision_id is not None,
        "revisions": notice.revisions.count(),
        "dates_set": notice.first_published_at is not None and notice.last_published_at is not None,
        "log": [(entry.action, entry.revision_id == notice.latest_revision_id, entry.content_changed,
                 entry.label, entry.data) for entry in entries],
        "workflow": notice.current_workflow_state,
    }


def test_an_imported_notice_is_in_the_state_of_an_admin_published_one(tmp_path, vocab, crpv):
    reference = admin_published("Diagnostic santé des quartiers", vocab, crpv)
    import_file(csv_file(tmp_path, GOOD_ROWS[0]), contributeur=crpv)
    notice = Notice.objects.get(external_id="N1")

    expected = publication_state(reference)
    assert expected["log"][0][0] == "wagtail.create" and expected["log"][-1][0] == "wagtail.publish"
    assert publication_state(notice) == expected
    # The revision holds the notice as imported: the admin's history, compare and revert read it.
    revision = notice.latest_revision
    assert revision.object_str == notice.titre and revision.content["pk"] == notice.pk
    restored = revision.as_object()
    assert restored.titre == notice.titre
    assert [a.nom for a in restored.auteurs.all()] == ["Dupont, Jean", "Agence régionale de santé"]
    assert {t.pk for t in restored.themes.all()} == {vocab["sante"].pk, vocab["qpv"].pk}
    # Live dates: published now, first publication kept by later publications.
    assert notice.first_published_at == notice.last_published_at


def test_an_updated_notice_is_renamed_republished_and_keeps_its_first_publication(tmp_path, vocab, crpv):
    import_file(csv_file(tmp_path, GOOD_ROWS[0]), contributeur=crpv)
    first = Notice.objects.get(external_id="N1")
    changed = GOOD_ROWS[0].replace("Diagnostic santé des quartiers", "Diagnostic santé (version 2)")
    report = import_file(csv_file(tmp_path, changed, name="v2.csv"), contributeur=crpv)

    assert report.updated == 1
    notice = Notice.objects.get(pk=first.pk)
    assert notice.live and not notice.has_unpublished_changes and notice.revisions.count() == 2
    assert notice.live_revision_id == notice.latest_revision_id != first.latest_revision_id
    assert notice.first_published_at == first.first_published_at < notice.last_published_at
    assert [(e.action, e.data) for e in log_entries(notice)][2:] == [
        ("wagtail.rename", {"title": {"old": "Diagnostic santé des quartiers", "new": "Diagnostic santé (version 2)"}}),
        ("wagtail.publish", {}),
    ]
    assert notice.latest_revision.content["titre"] == "Diagnostic santé (version 2)"


def test_published_signal_is_sent_once_per_written_notice(tmp_path, vocab, crpv):
    received = []

    def receiver(sender, instance, revision, **kwargs):
        received.append((instance.pk, revision.pk, instance.live))

    published.connect(receiver, sender=Notice)
    try:
        import_file(csv_file(tmp_path, *GOOD_ROWS), contributeur=crpv)
    finally:
        published.disconnect(receiver, sender=Notice)
    notices = Notice.objects.order_by("pk")
    assert received == [(notice.pk, notice.live_revision_id, True) for notice in notices]


def test_reference_index_is_the_one_wagtail_computes_from_the_database(tmp_path, vocab, crpv):
    import_file(csv_file(tmp_path, *GOOD_ROWS), contributeur=crpv)

    def references(notice):
        return set(ReferenceIndex.objects.filter(object_id=str(notice.pk)).values_list(
            "to_content_type_id", "to_object_id", "model_path", "content_path"))

    for notice in Notice.objects.all():
        imported = references(notice)
        ReferenceIndex.create_or_update_for_object(Notice.objects.get(pk=notice.pk))
        assert imported and references(notice) == imported
    assert set(ReferenceIndex.objects.filter(to_object_id=str(crpv.pk), model_path="contributeur").values_list(
        "object_id", flat=True)) == {str(pk) for pk in Notice.objects.values_list("pk", flat=True)}


def test_wagtail_reference_rows_are_wagtails_own(tmp_path, vocab, crpv):
    """The one use of Wagtail's private API (ReferenceIndex._extract_references_from_object and
    _get_content_path_hash): fails when Wagtail changes them or what create_or_update_for_object writes."""
    import_file(csv_file(tmp_path, GOOD_ROWS[0]), contributeur=crpv, index=False)
    notice = Notice.objects.get(external_id="N1")
    fields = ("content_type_id", "base_content_type_id", "object_id", "to_content_type_id", "to_object_id",
              "model_path", "content_path", "content_path_hash")

    computed = {tuple(str(getattr(row, name)) for name in fields) for row in wagtail_reference_rows(notice)}
    ReferenceIndex.objects.filter(object_id=str(notice.pk)).delete()
    ReferenceIndex.create_or_update_for_object(notice)
    written = {tuple(str(value) for value in row)
               for row in ReferenceIndex.objects.filter(object_id=str(notice.pk)).values_list(*fields)}
    assert computed and computed == written


def test_index_outbox_gets_every_written_notice_once_a_batch(tmp_path, vocab, crpv):
    rows = [f"B{i},Titre {i},,rapport,,2020,Santé,,fre," for i in range(7)]
    report = import_file(csv_file(tmp_path, *rows), contributeur=crpv, batch_size=3, index=False)

    assert report.created == 7
    assert set(PendingIndexUpdate.objects.values_list("notice_id", flat=True)) == set(
        Notice.objects.values_list("pk", flat=True))


def test_a_row_failing_after_its_notice_was_written_leaves_nothing_behind(tmp_path, vocab, crpv, monkeypatch):
    """The batch's insert fails (the batch is then written one row at a time) and so does the row."""
    def failing(original):
        def revision(self, notice):
            if notice.external_id == "X1":
                raise RuntimeError("panne simulée")
            return original(self, notice)
        return revision

    for name in ("_new_revision", "_save_revision"):  # the batch's insert, then the row's own
        monkeypatch.setattr(BatchPublisher, name, failing(getattr(BatchPublisher, name)))
    path = csv_file(tmp_path, "X0,Avant,,rapport,,2020,,,,", "X1,Premier,,rapport,,2020,,,,",
                    "X2,Second,,rapport,,2020,,,,")
    report = import_file(path, contributeur=crpv, index=False)

    assert report.created == 2 and [r.line for r in report.rejected] == [3]
    assert not Notice.objects.filter(external_id="X1").exists()
    kept = set(Notice.objects.values_list("pk", flat=True))
    assert set(PendingIndexUpdate.objects.values_list("notice_id", flat=True)) == kept
    assert {int(pk) for pk in ModelLogEntry.objects.values_list("object_id", flat=True)} == kept
    assert ModelLogEntry.objects.count() == 4  # create and publish, for each notice kept


def test_scheduled_notice_keeps_wagtails_scheduling_on_update(tmp_path, vocab, crpv):
    from datetime import timedelta

    from django.utils import timezone

    import_file(csv_file(tmp_path, GOOD_ROWS[0]), contributeur=crpv)
    Notice.objects.filter(external_id="N1").update(go_live_at=timezone.now() + timedelta(days=3))
    changed = GOOD_ROWS[0].replace("Diagnostic santé des quartiers", "Diagnostic reporté")
    import_file(csv_file(tmp_path, changed, name="v2.csv"), contributeur=crpv)

    notice = Notice.objects.get(external_id="N1")
    assert notice.titre == "Diagnostic santé des quartiers"  # live version unchanged until the date
    assert notice.has_unpublished_changes and notice.latest_revision.approved_go_live_at == notice.go_live_at


QUERIES_PER_ROW = 24  # save, children, revision, publication, duplicates, reference index, savepoints


def test_queries_per_imported_row_stay_within_budget(tmp_path, vocab, crpv, django_assert_max_num_queries):
    rows = [f"Q{i},Rapport numéro {i},Résumé,rapport,\"Dupont, Jean | Ville de Sète\",2020,Santé | QPV,"
            f"Hérault,fre," for i in range(40)]
    with django_assert_max_num_queries(40 * QUERIES_PER_ROW + 40):
        report = import_file(csv_file(tmp_path, *rows), contributeur=crpv, index=False)
    assert report.created == 40


def test_post_save_still_reaches_receivers_with_the_saved_notice(tmp_path, vocab, crpv):
    saved = []

    def receiver(sender, instance, **kwargs):
        saved.append((instance.pk, kwargs.get("update_fields")))

    post_save.connect(receiver, sender=Notice)
    try:
        import_file(csv_file(tmp_path, GOOD_ROWS[0]), contributeur=crpv)
    finally:
        post_save.disconnect(receiver, sender=Notice)
    notice = Notice.objects.get()
    assert saved and {pk for pk, _fields in saved} == {notice.pk}
    assert any(fields and "live" in fields for _pk, fields in saved)  # the publication is a save too


def test_a_batch_the_database_refuses_is_written_row_by_row(tmp_path, vocab, crpv, monkeypatch):
    """A bulk insert refused by the database: the batch is written one row at a time, the bad row
    rejected with its line, the good ones kept and published."""
    from django.db import IntegrityError

    def refused(self, notices):
        raise IntegrityError("refus simulé")

    monkeypatch.setattr(BatchPublisher, "publish_new", refused)
    rows = [f"R{i},Titre {i},,rapport,,2020,Santé,,fre," for i in range(3)]
    report = import_file(csv_file(tmp_path, *rows), contributeur=crpv, index=False)
    assert report.created == 3 and not report.rejected
    assert all(notice.live and notice.live_revision_id for notice in Notice.objects.all())
