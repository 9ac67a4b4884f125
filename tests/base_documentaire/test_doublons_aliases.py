"""Merged notices stay merged: the merged-away notice's identifier is an alias of the notice
kept; imports and the admin follow it; an import never drops what was added by hand silently;
short near-identical titles are flagged."""
import importlib

import pytest
from bs4 import BeautifulSoup

from base_documentaire.doublons import detection, fusion
from base_documentaire.doublons.models import Doublon
from base_documentaire.importers.service import import_file
from base_documentaire.models import Notice, NoticeAlias, Theme

from .conftest import make_notice
from .test_doublons_admin import centres, pair  # noqa: F401 (fixtures)

HEADER = "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf"


def write_csv(tmp_path, *rows):
    path = tmp_path / "notices.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def merged(pair, admin_user):
    """The pair merged into the older notice (VTO's "V1"); RésO's "R1" is merged away."""
    fusion.merge(pair["doublon"].pk, pair["old"].pk, admin_user)
    return Notice.objects.get(pk=pair["old"].pk)


# -- aliases -----------------------------------------------------------------------------------

def test_a_merge_records_the_merged_away_identifier_as_an_alias(pair, admin_user):
    kept = merged(pair, admin_user)
    alias = NoticeAlias.objects.get()
    assert (alias.contributeur, alias.external_id, alias.notice, alias.ancien_numero) == (
        pair["reso"], "R1", kept, pair["new"].pk)


def test_reimporting_the_merged_away_record_completes_the_kept_notice(pair, admin_user, tmp_path, vocabulary):
    kept = merged(pair, admin_user)
    path = write_csv(tmp_path, "R1,Emploi des jeunes dans les quartiers prioritaires,Un autre résumé.,Guide,,2021,"
                               "Santé | Quartiers prioritaires,Bretagne,fre,")
    report = import_file(path, contributeur=pair["reso"])
    assert (report.created, report.updated, report.rejected) == (0, 1, [])
    assert Notice.objects.count() == 1 and not Notice.objects.filter(external_id="R1").exists()
    notice = Notice.objects.get(pk=kept.pk)
    # the kept notice's own values stay; what it lacked (a thème) is added
    assert notice.titre == "L'emploi des jeunes dans les quartiers prioritaires"
    assert notice.resume == "Actes de la journée régionale." and notice.contributeur == pair["vto"]
    assert {theme.nom for theme in notice.themes.all()} == {"Emploi et développement économique",
                                                            "Quartiers prioritaires", "Santé"}
    assert {territory.nom for territory in notice.territoires.all()} == {"Occitanie", "Bretagne"}
    assert (2, f"L'identifiant « R1 » est celui d'une notice fusionnée dans la notice n° {kept.pk} : "
               "l'enregistrement la complète, il ne remplace rien.") in report.warnings
    assert not Doublon.objects.filter(statut=Doublon.Statut.A_TRAITER).exists()
    again = import_file(path, contributeur=pair["reso"])  # nothing new: nothing written
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_an_alias_belongs_to_its_contributeur(pair, admin_user, tmp_path):
    merged(pair, admin_user)
    path = write_csv(tmp_path, "R1,Un document de VTO,,Guide,,2020,,,fre,")
    report = import_file(path, contributeur=pair["vto"])  # VTO's own "R1" is another document
    assert report.created == 1
    assert Notice.objects.filter(contributeur=pair["vto"], external_id="R1").exists()


def test_a_kept_notice_merged_away_in_turn_hands_its_aliases_on(pair, admin_user, centres):  # noqa: F811
    kept = merged(pair, admin_user)
    third = make_notice("Emploi des jeunes dans les quartiers prioritaires", annee=2021, contributeur=None,
                        external_id="X9")
    doublon = Doublon.objects.get(statut=Doublon.Statut.A_TRAITER)
    fusion.merge(doublon.pk, third.pk, admin_user)
    assert dict(NoticeAlias.objects.values_list("external_id", "notice_id")) == {"R1": third.pk, "V1": third.pk}
    assert not Notice.objects.filter(pk=kept.pk).exists()


def test_the_notice_edit_view_shows_its_aliases(pair, admin_user, admin_client):
    kept = merged(pair, admin_user)
    page = admin_client.get(f"/admin/snippets/base_documentaire/notice/edit/{kept.pk}/").content.decode()
    assert "Notices fusionnées dans celle-ci" in page
    assert f"RésO Villes : identifiant « R1 » (ancienne notice n° {pair['new'].pk}" in BeautifulSoup(
        page, "html.parser").get_text()
    other = make_notice("Sans alias", contributeur=pair["vto"], external_id="V2")
    page = admin_client.get(f"/admin/snippets/base_documentaire/notice/edit/{other.pk}/").content.decode()
    assert "Notices fusionnées dans celle-ci" not in page


# -- an import never drops silently what was added by hand --------------------------------------

def test_reimporting_the_kept_notice_keeps_what_the_merge_added_and_says_so(pair, admin_user, tmp_path):
    kept = merged(pair, admin_user)
    path = write_csv(tmp_path, "V1,L'emploi des jeunes dans les quartiers prioritaires,Résumé de la source.,Guide,"
                               "Villes et Territoires Occitanie,2021,Emploi et développement économique,"
                               "Occitanie,fre,")
    report = import_file(path, contributeur=pair["vto"])
    assert report.updated == 1 and not report.rejected
    notice = Notice.objects.get(pk=kept.pk)
    assert notice.resume == "Résumé de la source."  # fields are the source's
    assert {theme.nom for theme in notice.themes.all()} == {"Emploi et développement économique",
                                                            "Quartiers prioritaires"}
    assert {territory.nom for territory in notice.territoires.all()} == {"Occitanie", "Bretagne"}
    assert list(notice.mots_cles.names()) == ["jeunesse"]
    messages = [message for line, message in report.warnings if line == 2]
    assert ("Thèmes conservés bien que l'enregistrement ne les donne pas (ajoutés à la main ou par une fusion) : "
            "Quartiers prioritaires.") in messages
    assert ("Territoires conservés bien que l'enregistrement ne les donne pas (ajoutés à la main ou par une "
            "fusion) : Bretagne.") in messages


def test_a_theme_added_by_hand_survives_a_reimport_and_new_ones_are_added(tmp_path, centres, vocabulary):  # noqa: F811
    path = write_csv(tmp_path, "A1,Diagnostic santé des quartiers,,Rapport,,2021,Santé,,fre,")
    import_file(path, contributeur=centres["vto"])
    notice = Notice.objects.get(external_id="A1")
    notice.themes.add(vocabulary["qpv"])  # the documentalist's addition
    notice.save_revision().publish()
    path = write_csv(tmp_path, "A1,Diagnostic santé des quartiers,,Rapport,,2021,"
                               "Emploi et développement économique,,fre,")
    report = import_file(path, contributeur=centres["vto"])
    notice = Notice.objects.get(pk=notice.pk)
    assert set(notice.themes.all()) == {vocabulary["sante"], vocabulary["qpv"], vocabulary["emploi"]}
    assert any("Quartiers prioritaires, Santé" in message for _line, message in report.warnings)
    # the same file again: nothing to write, and the report still says what the source does not give
    again = import_file(path, contributeur=centres["vto"])
    assert again.unchanged == 1 and any("Quartiers prioritaires" in message for _line, message in again.warnings)


def test_a_reimport_giving_every_relation_it_had_warns_about_nothing(tmp_path, centres, vocabulary):  # noqa: F811
    path = write_csv(tmp_path, "A1,Diagnostic santé des quartiers,,Rapport,,2021,Santé,Occitanie,fre,")
    import_file(path, contributeur=centres["vto"])
    report = import_file(path, contributeur=centres["vto"])
    assert report.unchanged == 1 and not report.warnings


# -- short titles -------------------------------------------------------------------------------

def test_short_near_identical_titles_of_the_same_year_are_flagged(centres):  # noqa: F811
    first = make_notice("L'ecole dans les quartier", annee=2021, contributeur=centres["vto"])
    second = make_notice("L'école dans les quartiers", annee=2021, contributeur=centres["reso"])
    assert {pair.other_number(second.pk) for pair in detection.pending_pairs([second.pk])[second.pk]} == {first.pk}
    assert Doublon.objects.get().motifs == "titre_annee"


@pytest.mark.parametrize("first, second", [
    ("Rapport 2021", "Rapport 2022"),  # a number differs
    ("Rapport annuel", "Rapport final"),
    ("Santé et quartiers", "Santé et territoires"),
    ("Ecole dans quartier", "Ecole dans quartier et ville"),  # words added to a short title
    ("Rapport d'activité de la mission locale 2021", "Rapport d'activité de la mission locale 2022"),
])
def test_different_titles_are_not_flagged(centres, first, second):  # noqa: F811
    make_notice(first, annee=2021, contributeur=centres["vto"])
    make_notice(second, annee=2021, contributeur=centres["reso"])
    assert not Doublon.objects.exists()


def test_a_short_title_of_another_year_is_not_flagged(centres):  # noqa: F811
    make_notice("L'ecole dans les quartier", annee=2020, contributeur=centres["vto"])
    make_notice("L'école dans les quartiers", annee=2021, contributeur=centres["reso"])
    assert not Doublon.objects.exists()


def test_the_migration_recomputes_the_indexed_title_starts(centres):  # noqa: F811
    notice = make_notice("L'école dans les quartiers", annee=2021, contributeur=centres["vto"])
    Notice.objects.filter(pk=notice.pk).update(titre_debut="ecole dans quartiers")  # as stored before
    migration = importlib.import_module("base_documentaire.migrations.0009_notice_aliases")
    from django.apps import apps

    migration.refill_title_starts(apps, None)
    assert Notice.objects.get(pk=notice.pk).titre_debut == "ecole dan quartier"


def test_the_themes_kept_are_named_in_alphabetical_order(tmp_path, centres):  # noqa: F811
    Theme.objects.create(nom="Santé")
    Theme.objects.create(nom="Logement")
    path = write_csv(tmp_path, "A1,Diagnostic,,Rapport,,2021,Santé | Logement,,fre,")
    import_file(path, contributeur=centres["vto"])
    path = write_csv(tmp_path, "A1,Diagnostic,,Rapport,,2021,,,fre,")
    report = import_file(path, contributeur=centres["vto"])
    notice = Notice.objects.get(external_id="A1")
    assert {theme.nom for theme in notice.themes.all()} == {"Santé", "Logement"}
    assert [message for _line, message in report.warnings if message.startswith("Thèmes")] == [
        "Thèmes conservés bien que l'enregistrement ne les donne pas (ajoutés à la main ou par une fusion) : "
        "Logement, Santé."]
