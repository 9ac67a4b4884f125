"""Duplicate detection: the rules and their negatives, the flags on save and on import."""
import logging

import pytest

from base_documentaire.doublons import detection
from base_documentaire.doublons.keys import isbn_key, title_key
from base_documentaire.doublons.models import Doublon
from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Notice

from .conftest import make_notice

HEADER = "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf"


@pytest.fixture(autouse=True)
def clean_index(search_index):
    return search_index


@pytest.fixture
def centres(db):
    return {
        "vto": Contributeur.objects.create(code="vto", nom="Villes et Territoires Occitanie"),
        "reso": Contributeur.objects.create(code="reso", nom="RésO Villes"),
    }


def pairs_of(notice):
    return {(pair.other_number(notice.pk), pair.motifs) for pair in detection.pending_pairs([notice.pk])[notice.pk]}


# -- keys -----------------------------------------------------------------------------------

def test_title_key_ignores_case_accents_punctuation_and_articles():
    assert title_key("L'Égalité femmes-hommes : un GUIDE méthodologique !") == "egalite femmes hommes guide methodologique"
    assert title_key("Égalité femmes–hommes, guide méthodologique") == "egalite femmes hommes guide methodologique"
    assert title_key("The Future of the Cities") == "future cities"
    assert title_key("Œuvres") == "oeuvres"
    assert title_key("") == ""


def test_isbn_key_equates_isbn10_and_isbn13():
    assert isbn_key("978-2-7297-1234-5") == isbn_key("9782729712345") == "9782729712345"
    assert isbn_key("2-07-036822-X") == isbn_key("978-2-07-036822-8") == "9782070368228"
    assert isbn_key("ISBN 2 07 036822 X") == "9782070368228"
    assert isbn_key("12-34") == "" and isbn_key("") == ""


def test_the_migration_fills_the_keys_of_existing_notices(centres):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("base_documentaire.migrations.0004_doublons")
    notice = make_notice("L'Égalité : guide", isbn="2-07-036822-X", contributeur=centres["vto"])
    Notice.objects.filter(pk=notice.pk).update(titre_cle="", titre_debut="", isbn_cle="")
    migration.fill_keys(apps, None)
    notice.refresh_from_db()
    assert (notice.titre_cle, notice.titre_debut, notice.isbn_cle) == ("egalite guide", "egalite guide",
                                                                       "9782070368228")


# -- rules ---------------------------------------------------------------------------------

def test_same_isbn_is_a_duplicate_whatever_the_writing(centres):
    first = make_notice("Habiter les grands ensembles", isbn="2-07-036822-X", contributeur=centres["vto"])
    second = make_notice("Habiter les grands ensembles (2e édition)", isbn="978-2-07-036822-8", annee=2019,
                         contributeur=centres["vto"])
    assert pairs_of(second) == {(first.pk, "isbn")}
    pair = Doublon.objects.get()
    assert (pair.notice_id, pair.candidat_id) == (second.pk, first.pk)


def test_same_external_id_from_another_contributeur(centres):
    first = make_notice("Rapport annuel", external_id="PMB-42", contributeur=centres["vto"], annee=2020)
    second = make_notice("Bilan d'activité", external_id="PMB-42", contributeur=centres["reso"], annee=2021)
    assert pairs_of(second) == {(first.pk, "identifiant")}


def test_near_identical_title_same_year_from_another_contributeur(centres):
    first = make_notice("L'emploi des jeunes dans les quartiers prioritaires", annee=2021,
                        contributeur=centres["vto"])
    exact = make_notice("Emploi des jeunes dans les quartiers prioritaires (l')", annee=2021,
                        contributeur=centres["reso"])
    typo = make_notice("L'emploi des jeunes dans les quartiers prioritaire", annee=2021, contributeur=None)
    assert pairs_of(first) == {(exact.pk, "titre_annee"), (typo.pk, "titre_annee")}
    assert pairs_of(typo) == {(first.pk, "titre_annee"), (exact.pk, "titre_annee")}


def test_several_reasons_are_recorded_together(centres):
    first = make_notice("Guide de la participation", isbn="9782729712345", annee=2020, external_id="G1",
                        contributeur=centres["vto"])
    second = make_notice("Guide de la participation", isbn="978-2-7297-1234-5", annee=2020, external_id="G1",
                         contributeur=centres["reso"])
    assert pairs_of(second) == {(first.pk, "isbn,identifiant,titre_annee")}
    assert Doublon.objects.get().motif_labels() == ["même ISBN", "même identifiant externe",
                                                    "titre quasi identique, même année"]


def test_same_title_different_year_is_not_a_duplicate(centres):
    make_notice("Rapport d'activité du centre de ressources", annee=2020, contributeur=centres["vto"])
    second = make_notice("Rapport d'activité du centre de ressources", annee=2021, contributeur=centres["reso"])
    assert pairs_of(second) == set() and not Doublon.objects.exists()


def test_same_title_and_year_from_the_same_contributeur_is_not_a_duplicate(centres):
    make_notice("Lettre d'information n° 12", annee=2021, contributeur=centres["vto"], external_id="A")
    second = make_notice("Lettre d'information n° 12", annee=2021, contributeur=centres["vto"], external_id="B")
    assert pairs_of(second) == set()


def test_different_titles_sharing_a_beginning_are_not_duplicates(centres):
    make_notice("Santé mentale et précarité dans les quartiers", annee=2019, contributeur=centres["vto"])
    second = make_notice("Santé mentale et précarité dans les quartiers : actes de la journée régionale",
                         annee=2019, contributeur=centres["reso"])
    third = make_notice("Santé mentale", annee=2019, contributeur=centres["reso"])
    assert pairs_of(second) == set() and pairs_of(third) == set()


def test_a_notice_is_not_its_own_duplicate_and_resaving_flags_once(centres):
    first = make_notice("Guide", isbn="9782729712345", contributeur=centres["vto"])
    assert pairs_of(first) == set()
    second = make_notice("Guide bis", isbn="9782729712345", contributeur=centres["reso"])
    second.save()
    second.save_revision().publish()
    first.save()
    assert Doublon.objects.count() == 1 and pairs_of(first) == {(second.pk, "isbn")}


def test_correcting_the_notice_drops_the_pending_flag(centres):
    first = make_notice("Guide", isbn="9782729712345", contributeur=centres["vto"])
    second = make_notice("Guide bis", isbn="9782729712345", contributeur=centres["reso"])
    assert pairs_of(second)
    second.isbn = "9782070368228"
    second.save()
    assert pairs_of(second) == set() and pairs_of(first) == set()


def test_detection_of_one_notice_runs_in_a_few_queries(centres, django_assert_max_num_queries):
    for year in range(2005, 2015):  # same beginning, same or other years: candidates the query must sort out
        for subject in ("la santé", "l'emploi des jeunes", "la participation des habitants"):
            make_notice(f"Rapport annuel de l'observatoire des quartiers sur {subject}", annee=year,
                        contributeur=centres["vto"])
    make_notice("Rapport annuel de l'observatoire des quartiers", annee=2010, contributeur=centres["vto"])
    notice = Notice(titre="Rapport annuel de l'observatoire des quartier", annee=2010,
                    contributeur=centres["reso"], isbn="978-2-7297-1234-5", external_id="X1")
    notice.save()
    with django_assert_max_num_queries(4):
        pairs = detection.flag(notice)
    assert len(pairs) == 1


def test_detection_uses_indexed_lookups_only(centres):
    """The candidate query is made of equalities on indexed columns: no scan of the notices."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert ["annee", "titre_debut"] in [index.fields for index in Notice._meta.indexes]
    assert Notice._meta.get_field("isbn_cle").db_index and Notice._meta.get_field("external_id").db_index
    notice = Notice(titre="Rapport annuel de l'observatoire des quartiers", annee=2010, isbn="9782729712345",
                    external_id="X1", contributeur=centres["reso"])
    with CaptureQueriesContext(connection) as queries:
        detection.find_candidates(notice)
    (sql,) = [query["sql"] for query in queries.captured_queries]
    for column in ("isbn_cle", "external_id", "annee", "titre_debut"):
        assert f'"{column}" =' in sql or f'"{column}" IN' in sql
    assert "LIKE" not in sql.upper()


# -- hooks ---------------------------------------------------------------------------------

def test_admin_save_flags_the_notice_and_the_edit_view_shows_it(admin_client, centres):
    existing = make_notice("Égalité femmes-hommes : guide méthodologique", annee=2021, contributeur=centres["vto"])
    response = admin_client.post("/admin/snippets/base_documentaire/notice/add/", {
        "titre": "Egalite femmes hommes, guide methodologique", "type_document": "guide", "langue": "fre",
        "annee": "2021", "contributeur": centres["reso"].pk,
        **{f"{prefix}-{key}": value for prefix in ("auteurs", "liens", "exemplaires", "fichiers")
           for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                              ("MAX_NUM_FORMS", "1000"))},
    }, follow=True)
    assert response.status_code == 200
    created = Notice.objects.exclude(pk=existing.pk).get()
    assert pairs_of(created) == {(existing.pk, "titre_annee")}
    text = response.content.decode()
    assert f"Doublon possible de la notice n° {existing.pk}" in text
    edit = admin_client.get(f"/admin/snippets/base_documentaire/notice/edit/{existing.pk}/").content.decode()
    pair = Doublon.objects.get()
    assert f"/admin/doublons/{pair.pk}/" in edit and f"/admin/snippets/base_documentaire/notice/edit/{created.pk}/" in edit


def test_a_failing_detection_never_breaks_the_save(centres, monkeypatch, caplog):
    def broken(notice):
        raise RuntimeError("detection down")

    monkeypatch.setattr(detection, "find_candidates", broken)
    with caplog.at_level(logging.ERROR, logger="base_documentaire.doublons.detection"):
        notice = make_notice("Guide", isbn="9782729712345", contributeur=centres["vto"])
    assert Notice.objects.filter(pk=notice.pk, live=True).exists()
    assert "Duplicate detection failed" in caplog.text


def test_import_reports_possible_duplicates_and_keeps_the_rows(tmp_path, centres):
    existing = make_notice("L'emploi des jeunes dans les quartiers prioritaires", annee=2021,
                           contributeur=centres["vto"])
    path = tmp_path / "notices.csv"
    path.write_text(HEADER + "\n"
                    "R1,Emploi des jeunes dans les quartiers prioritaires,,Guide,,2021,,,fre,\n"
                    "R2,Un autre document,,Guide,,2021,,,fre,\n", encoding="utf-8")
    report = import_file(path, contributeur=centres["reso"])
    assert report.created == 2 and not report.rejected
    assert (2, f"Doublon possible de la notice n° {existing.pk}.") in report.warnings
    assert [line for line, message in report.warnings if "Doublon" in message] == [2]
    imported = Notice.objects.get(contributeur=centres["reso"], external_id="R1")
    assert imported.live and pairs_of(imported) == {(existing.pk, "titre_annee")}


def test_reimport_by_the_same_contributeur_is_an_update_not_a_duplicate(tmp_path, centres):
    path = tmp_path / "notices.csv"
    path.write_text(HEADER + "\nR1,Diagnostic santé des quartiers,,Rapport,,2021,,,fre,\n", encoding="utf-8")
    import_file(path, contributeur=centres["vto"])
    path.write_text(HEADER + "\nR1,Diagnostic santé des quartiers,Un résumé.,Rapport,,2021,,,fre,\n",
                    encoding="utf-8")
    report = import_file(path, contributeur=centres["vto"])
    assert report.updated == 1 and not report.warnings
    assert Notice.objects.count() == 1 and not Doublon.objects.exists()


def test_a_second_centre_importing_the_same_file_is_flagged(tmp_path, centres):
    path = tmp_path / "notices.csv"
    path.write_text(HEADER + "\nR1,Diagnostic santé des quartiers,,Rapport,,2021,,,fre,\n", encoding="utf-8")
    import_file(path, contributeur=centres["vto"])
    report = import_file(path, contributeur=centres["reso"])
    first = Notice.objects.get(contributeur=centres["vto"])
    assert report.created == 1
    assert (2, f"Doublon possible de la notice n° {first.pk}.") in report.warnings
    assert Doublon.objects.get().motifs == "identifiant,titre_annee"


def test_dry_run_import_reports_duplicates_and_writes_nothing(tmp_path, centres):
    existing = make_notice("Diagnostic santé des quartiers", annee=2021, contributeur=centres["vto"])
    path = tmp_path / "notices.csv"
    path.write_text(HEADER + "\nR1,Diagnostic santé des quartiers,,Rapport,,2021,,,fre,\n", encoding="utf-8")
    report = import_file(path, contributeur=centres["reso"], dry_run=True)
    assert (2, f"Doublon possible de la notice n° {existing.pk}.") in report.warnings
    assert not Doublon.objects.exists() and Notice.objects.count() == 1


def test_rows_of_one_batch_are_compared_as_each_was_written(tmp_path, centres):
    """Detection runs once a batch (detection.flag_many), with the result of a row-by-row detection:
    a row is reported against the notices that existed when it was written, the pairs are all kept."""
    existing = make_notice("Guide de la médiation", isbn="978-2-7297-1234-5", contributeur=centres["vto"])
    path = tmp_path / "notices.csv"
    path.write_text("id,titre,type,annee,isbn\n"
                    "R1,Premier guide,Guide,2021,9782729712345\n"
                    "R2,Sans rapport,Guide,2021,\n"
                    "R3,Second guide,Guide,2021,978-2-7297-1234-5\n", encoding="utf-8")
    report = import_file(path, contributeur=centres["reso"], batch_size=10)
    first, third = Notice.objects.get(external_id="R1"), Notice.objects.get(external_id="R3")
    assert [(line, message) for line, message in report.warnings if "Doublon" in message] == [
        (2, f"Doublon possible de la notice n° {existing.pk}."),
        (4, f"Doublon possible de la notice n° {existing.pk}, {first.pk}."),
    ]
    assert pairs_of(first) == {(existing.pk, "isbn"), (third.pk, "isbn")}
    assert pairs_of(third) == {(existing.pk, "isbn"), (first.pk, "isbn")}

    # Batches of one row: the same report and the same pairs as one batch.
    Notice.objects.filter(contributeur=centres["reso"]).delete()
    again = import_file(path, contributeur=centres["reso"], batch_size=1)
    first, third = Notice.objects.get(external_id="R1"), Notice.objects.get(external_id="R3")
    assert [(line, message) for line, message in again.warnings if "Doublon" in message] == [
        (2, f"Doublon possible de la notice n° {existing.pk}."),
        (4, f"Doublon possible de la notice n° {existing.pk}, {first.pk}."),
    ]
    assert pairs_of(third) == {(existing.pk, "isbn"), (first.pk, "isbn")}


def test_flag_many_leaves_the_pairs_successive_flags_leave(centres):
    """Against the same notices, one flag_many call and successive flag calls agree (pairs, motifs,
    warnings), with a decided pair never flagged again and a stale pending pair dropped."""
    from django.db import transaction

    notices = [
        make_notice("Rapport annuel de la politique de la ville", annee=2020, isbn="9782729712345",
                    contributeur=centres["vto"]),
        make_notice("Rapport annuel de la politique de la ville", annee=2020, contributeur=centres["reso"]),
        make_notice("Autre titre", annee=2020, isbn="9782729712345", contributeur=centres["reso"]),
        make_notice("Sans lien", annee=2019, contributeur=centres["vto"]),
    ]
    first, second, _third, fourth = (notice.pk for notice in notices)
    Doublon.objects.filter(notice_numero=second, candidat_numero=first).update(statut=Doublon.Statut.CONSERVES)
    Doublon.objects.create(notice_id=fourth, candidat_id=second, notice_numero=fourth, candidat_numero=second,
                           motifs="isbn")  # matches nothing any more
    Notice.objects.filter(pk=second).update(isbn="9782729712345", isbn_cle=isbn_key("9782729712345"))
    notices[1].isbn = "9782729712345"

    def snapshot():
        return sorted(Doublon.objects.values_list("notice_numero", "candidat_numero", "motifs", "statut"))

    before = snapshot()
    with transaction.atomic():
        sequential = [[pair.other_number(n.pk) for pair in detection.flag(n)] for n in notices]
        after_sequential = snapshot()
        transaction.set_rollback(True)
    assert snapshot() == before and after_sequential != before
    batched = [[pair.other_number(n.pk) for pair in pairs]
               for n, pairs in zip(notices, detection.flag_many([(n, False) for n in notices]))]
    assert batched == sequential and snapshot() == after_sequential
    assert (fourth, second) not in {(a, b) for a, b, _m, _s in after_sequential}


def test_batch_candidates_are_the_rows_of_each_notice_query(centres):
    """batch_candidates reads the candidates of many notices at once: for each notice, the rows of
    its own candidates_query (filters, exact matches first, limit), hidden notices left out."""
    notices = [make_notice(titre, annee=annee, isbn=isbn, contributeur=centres[centre], external_id=external_id)
               for titre, annee, isbn, centre, external_id in [
                   ("Rapport annuel de la politique de la ville", 2020, "9782729712345", "vto", "A"),
                   ("Rapport annuel de la politique de la ville", 2020, "", "reso", "B"),
                   ("Rapport annuel de la politique de la ville (suite)", 2020, "", "reso", "A"),
                   ("Autre titre", 2020, "978-2-7297-1234-5", "reso", "C"),
                   ("Autre titre", 2021, "", "vto", "C"),
                   ("Sans année", None, "", "vto", ""),
               ]]
    notices.append(Notice(titre="Rapport annuel de la politique de la ville", annee=2020, isbn="",
                          contributeur=None, external_id="A"))  # not saved, no contributeur
    by_index = dict(enumerate(notices))
    hidden = {0: frozenset({notices[3].pk}), 1: frozenset()}
    batched = detection.batch_candidates(by_index, hidden)
    for index, notice in by_index.items():
        query = detection.candidates_query(notice, hidden.get(index, ()))
        assert batched[index] == (None if query is None else list(query)), index


def test_batch_candidates_of_one_contributeur_are_the_rows_of_each_notice_query(centres):
    """An import's batch comes from one contributeur (its own notices are left out in SQL): still
    the rows of each notice's own query, ISBN matches of its own notices included."""
    stored = [make_notice(titre, annee=2020, isbn=isbn, contributeur=centres[centre], external_id=external_id)
              for titre, isbn, centre, external_id in [
                  ("Les quartiers prioritaires en 2020", "9782729712345", "vto", "A"),
                  ("Les quartiers prioritaires en 2020", "", "reso", "B"),
                  ("Les quartiers prioritaires en 2020 : synthèse", "", "reso", "Z"),
                  ("Autre rapport", "", "reso", "A")]]
    batch = [Notice(titre="Les quartiers prioritaires en 2020", annee=2020, isbn="978-2-7297-1234-5",
                    contributeur=centres["vto"], external_id="A"),
             Notice(titre="Autre rapport", annee=2020, isbn="", contributeur=centres["vto"], external_id="Z")]
    by_index = dict(enumerate(batch))
    batched = detection.batch_candidates(by_index, {})
    for index, notice in by_index.items():
        assert batched[index] == list(detection.candidates_query(notice)), index
    assert {row[0] for row in batched[0]} == {notice.pk for notice in stored}  # ISBN, title, title, identifier
