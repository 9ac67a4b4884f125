"""An import writes a batch with a bounded number of SQL statements, whatever its size — new
notices, unchanged ones and changed ones — and what it writes a batch at a time is what writing
each row alone writes."""
import sqlite3

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import GroupApprovalTask, ModelLogEntry, ReferenceIndex, Workflow, WorkflowState, WorkflowTask

from base_documentaire import candidates
from base_documentaire.importers import terms
from base_documentaire.importers.publication import BatchPublisher
from base_documentaire.importers.service import import_file
from base_documentaire.importers.validation import CheckedRecord
from base_documentaire.models import Contributeur, Notice, TermeCandidat
from reseau.oai.models import DeletedRecord

from .test_import import csv_file

HEADER = "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf,url,mots_cles"
Vocabulaire = TermeCandidat.Vocabulaire


@pytest.fixture(autouse=True)
def clean_index(embedded_index):
    return embedded_index


@pytest.fixture
def real_sqlite_limit(monkeypatch):
    """Django 5.2 splits SQLite inserts and updates every 999 parameters (SQLite's limit before
    3.32); Django 6 reads the library's own limit (32,766 here), as this fixture does. Then, as on
    PostgreSQL, the statements of a batch do not depend on its size at all."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        monkeypatch.setattr(connection.features, "max_query_params", limit)


def rows(count, version="", title="Rapport numéro"):
    """Rows with every relation: known and unknown thèmes and territories (a distinct unknown label
    per row), authors, links, keywords (a distinct one per row). ``version`` changes each of them."""
    return [f'L{i},{title} {i}{version},Résumé{version},rapport,"Dupont, Jean{version} | Ville de Sète",'
            f'2020,Santé | QPV | Thème inconnu {i}{version},Hérault | Lieu inconnu {i}{version},fre,,'
            f'https://exemple.org/{i}{version.strip()},jeunesse | mot {i}{version}' for i in range(count)]


def statements(tmp_path, crpv, lines, name):
    """(statements of the import but for duplicate detection's look-ups, report)."""
    with CaptureQueriesContext(connection) as captured:
        report = import_file(csv_file(tmp_path, *lines, header=HEADER, name=name), contributeur=crpv,
                             index=False, batch_size=len(lines))
    assert not report.rejected, report.rejected
    return len([query for query in captured.captured_queries if not is_duplicate_lookup(query["sql"])]), report


def is_duplicate_lookup(sql):
    """Duplicate detection (base_documentaire.doublons) reads the look-alikes of a batch's notices
    with one query per 100 look-ups (SQLite limits an expression's depth): that module's choice,
    the one query that grows with a batch (a tenth of a query per row)."""
    return sql.startswith('SELECT "base_documentaire_notice"."id" AS "pk", "base_documentaire_notice"."isbn_cle"')


def test_a_batch_costs_the_same_statements_for_50_rows_as_for_500(tmp_path, vocab, crpv, real_sqlite_limit):
    """New, unchanged and changed notices: no statement per row (a per-row query would cost 450
    more). The same on SQLite and PostgreSQL."""
    small_contributor = Contributeur.objects.create(code="petit", nom="Petit centre")
    counts = {}
    for label, version in (("created", ""), ("unchanged", ""), ("updated", " v2")):
        small, small_report = statements(tmp_path, small_contributor, rows(50, version, "Étude"), f"s-{label}.csv")
        large, large_report = statements(tmp_path, crpv, rows(500, version), f"l-{label}.csv")
        assert (getattr(small_report, label), getattr(large_report, label)) == (50, 500)
        counts[label] = (small, large)
    for label, (small, large) in counts.items():
        assert abs(large - small) <= 2, counts  # the candidate terms' update groups by count
    assert counts["created"][1] <= 40 and counts["unchanged"][1] <= 25 and counts["updated"][1] <= 65, counts


def snapshot(contributor):
    """What the import wrote for a contributor's notices, without ids and dates."""
    state = {}
    for notice in Notice.objects.filter(contributeur=contributor).order_by("external_id"):
        content = notice.latest_revision.content
        kept = {key: value for key, value in content.items() if key not in IGNORED}
        kept["children"] = {name: sorted(str(sorted((k, v) for k, v in child.items() if k not in ("pk", "notice",
                                                                                                   "content_object")))
                                         for child in content.get(name, []))
                            for name in ("auteurs", "liens", "mots_cles_items")}
        references = set(ReferenceIndex.objects.filter(object_id=str(notice.pk)).exclude(
            model_path="contributeur").values_list("model_path", "to_object_id"))
        state[notice.external_id] = {
            "revision": kept, "live": (notice.live, notice.has_unpublished_changes,
                                       notice.live_revision_id == notice.latest_revision_id),
            "revisions": notice.revisions.count(),
            "authors": [(a.nom, a.nature, a.sort_order) for a in notice.auteurs.all()],
            "links": [link.url for link in notice.liens.all()],
            "themes": sorted(t.nom for t in notice.themes.all()),
            "territories": sorted(t.nom for t in notice.territoires.all()),
            "keywords": sorted(tag.name for tag in notice.mots_cles.all()),
            "candidates": sorted(c.libelle for c in notice.termes_candidats.all()),
            "log": [entry.action for entry in ModelLogEntry.objects.filter(object_id=str(notice.pk))
                    .order_by("timestamp", "pk")],
            "references": {path for path, _target in references},
            "reference_targets": len(references),
        }
    return state


IGNORED = {"pk", "contributeur", "latest_revision", "live_revision", "created_at", "updated_at",
           "first_published_at", "last_published_at", "latest_revision_created_at", "auteurs", "liens",
           "mots_cles_items", "themes", "territoires", "termes_candidats"}


def test_a_batch_update_writes_what_writing_each_row_alone_writes(tmp_path, vocab, crpv, monkeypatch):
    alone = Contributeur.objects.create(code="seul", nom="Écrit ligne à ligne")
    first, second = rows(4), rows(4, " v2")
    second[1] = first[1]  # one unchanged row among the changed ones
    for contributor in (crpv, alone):
        import_file(csv_file(tmp_path, *first, header=HEADER, name="v1.csv"), contributeur=contributor)
    reports = {crpv.code: import_file(csv_file(tmp_path, *second, header=HEADER, name="v2.csv"), contributeur=crpv)}

    def refused(self, updates, fields):
        raise RuntimeError("the batch is refused: rows written alone")

    monkeypatch.setattr(BatchPublisher, "publish_updated", refused)
    reports[alone.code] = import_file(csv_file(tmp_path, *second, header=HEADER, name="v2.csv"), contributeur=alone)

    batch, one_by_one = snapshot(crpv), snapshot(alone)
    assert batch == one_by_one
    assert batch["L0"]["candidates"] == ["Lieu inconnu 0 v2", "Thème inconnu 0 v2"]
    assert batch["L0"]["themes"] == ["Quartiers prioritaires", "Santé"]  # kept although not given again
    assert batch["L0"]["log"][-2:] == ["wagtail.rename", "wagtail.publish"] and batch["L0"]["revisions"] == 2
    assert batch["L1"]["revisions"] == 1
    assert [(r.created, r.updated, r.unchanged) for r in reports.values()] == [(0, 3, 1), (0, 3, 1)]
    # The same report but for the duplicates detected (the second centre's titles are the first's).
    assert not_duplicates(reports[crpv.code]) == not_duplicates(reports[alone.code])
    assert len(not_duplicates(reports[crpv.code])) == 3  # the keyword each changed row no longer gives


def not_duplicates(report):
    from django.utils.translation import gettext

    duplicate = gettext("Possible duplicate of notice no. %(numbers)s.").split("%")[0]
    return [(line, message) for line, message in report.warnings if not message.startswith(duplicate)]


def test_reference_index_of_an_updated_notice_is_the_one_wagtail_computes(tmp_path, vocab, crpv):
    import_file(csv_file(tmp_path, *rows(3), header=HEADER, name="v1.csv"), contributeur=crpv)
    report = import_file(csv_file(tmp_path, *rows(3, " v2"), header=HEADER, name="v2.csv"), contributeur=crpv)
    assert report.updated == 3

    def references(notice):
        return set(ReferenceIndex.objects.filter(object_id=str(notice.pk)).values_list(
            "to_content_type_id", "to_object_id", "model_path", "content_path"))

    for notice in Notice.objects.all():
        imported = references(notice)
        ReferenceIndex.create_or_update_for_object(Notice.objects.get(pk=notice.pk))
        assert imported and references(notice) == imported


def test_a_withdrawn_notice_imported_again_loses_its_tombstone(tmp_path, vocab, crpv):
    import_file(csv_file(tmp_path, *rows(2), header=HEADER, name="v1.csv"), contributeur=crpv)
    notice = Notice.objects.get(external_id="L0")
    notice.unpublish()
    assert DeletedRecord.objects.filter(notice_id=notice.pk).exists()

    report = import_file(csv_file(tmp_path, *rows(2), header=HEADER, name="v1.csv"), contributeur=crpv)

    assert (report.updated, report.unchanged) == (1, 1)
    assert Notice.objects.get(pk=notice.pk).live
    assert not DeletedRecord.objects.exists()


def test_a_workflow_in_progress_is_cancelled_by_the_batch_publication(tmp_path, vocab, crpv, admin_user):
    import_file(csv_file(tmp_path, *rows(2), header=HEADER, name="v1.csv"), contributeur=crpv)
    workflow = Workflow.objects.create(name="Relecture")
    WorkflowTask.objects.create(workflow=workflow, task=GroupApprovalTask.objects.create(name="Relire"),
                                sort_order=0)
    notice = Notice.objects.get(external_id="L1")
    workflow.start(notice, admin_user)
    assert notice.current_workflow_state

    report = import_file(csv_file(tmp_path, *rows(2, " v2"), header=HEADER, name="v2.csv"), contributeur=crpv)

    assert report.updated == 2
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_CANCELLED


def test_new_keywords_get_a_free_slug(tmp_path, vocab, crpv):
    Tag.objects.create(name="Santé")  # slug "santé"
    path = csv_file(tmp_path, "K1,Titre,,rapport,,2020,,,,,,santé | Jeunesse | jeunesse", header=HEADER)
    report = import_file(path, contributeur=crpv)
    assert report.created == 1
    assert sorted(Tag.objects.values_list("name", "slug")) == [
        ("Jeunesse", "jeunesse"), ("Santé", "santé"), ("jeunesse", "jeunesse_1"), ("santé", "santé_1")]
    assert sorted(Notice.objects.get().mots_cles.names()) == ["Jeunesse", "jeunesse", "santé"]


def checked(unknown, themes=None, territoires=None, fields=None):
    return CheckedRecord(1, "X", fields or {}, themes=themes, territoires=territoires, unknown=unknown)


@pytest.mark.parametrize("record", [
    checked([], themes=[]),
    checked([(Vocabulaire.THEME, "Nouveau thème"), (Vocabulaire.THEME, "nouveau THEME")], themes=[]),
    checked([(Vocabulaire.TERRITOIRE, "Lieu-dit")], territoires=[]),
    checked([(Vocabulaire.TYPE, "Affiche"), (Vocabulaire.THEME, "Autre")], themes=[],
            fields={"type_document_id": None}),
    checked([(Vocabulaire.THEME, "Sans vocabulaire donné")]),
])
@pytest.mark.parametrize("stored", [False, True])
def test_candidate_terms_of_a_batch_are_those_the_candidates_module_puts(record, stored, crpv):
    """terms.put_on_notice (a batch's rows read once) gives what candidates.put_on_notice gives."""
    def notice():
        if not stored:
            return Notice(titre="Nouvelle")
        existing = Notice.objects.create(titre="Existante", contributeur=crpv)
        existing.termes_candidats.set(candidates.candidate_rows([(Vocabulaire.TERRITOIRE, "Ancien lieu"),
                                                                 (Vocabulaire.THEME, "Ancien thème")]))
        return Notice.objects.get(pk=existing.pk)

    def labels(item):
        return sorted((c.vocabulaire, c.libelle) for c in item.termes_candidats.all())

    by_module, by_batch = notice(), notice()
    candidates.put_on_notice(by_module, record)
    terms.put_on_notice(by_batch, record, terms.CandidateTerms())
    assert labels(by_batch) == labels(by_module)
    assert TermeCandidat.objects.filter(libelle__iexact="nouveau thème").count() <= 1

