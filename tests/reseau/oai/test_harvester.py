"""`manage.py harvest_oai`: our own repository harvested back over HTTP on 127.0.0.1 (round trip),
a partner's repository, and every way a source can fail."""
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from base_documentaire.models import Contributeur, Notice, TermeCandidat
from reseau.oai.models import DeletedRecord

from .conftest import identifier, make_notice

SOURCE_URLS = "tests.reseau.oai.source_urls"


@pytest.fixture
def miroir(db):
    return Contributeur.objects.create(code="miroir", nom="Centre miroir")


def harvest(url, *options):
    out = StringIO()
    call_command("harvest_oai", url, *options, stdout=out)
    return out.getvalue()


def mirrored(notice):
    return Notice.objects.get(contributeur__code="miroir", external_id=identifier(notice))


def test_round_trip_copies_the_notices_faithfully(live_oai, catalogue, miroir, embedded_index, client):
    output = harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")
    assert "Créées : 4, mises à jour : 0, inchangées : 0, supprimées : 0, rejetées : 0." in output
    copy = mirrored(catalogue["rich"])
    assert copy.live and copy.contributeur == miroir
    assert copy.titre == "Santé mentale et précarité : les conseils locaux"
    assert [(a.nom, a.nature) for a in copy.auteurs.all()] == [
        ("Dupont, Jeanne", "personne"), ("Villes et Territoires Occitanie", "collectivite"), ("Abel, Ana", "personne")]
    assert [theme.nom for theme in copy.themes.all()] == ["Santé"]
    assert sorted(tag.name for tag in copy.mots_cles.all()) == ["CLSM", "aller vers"]
    assert [territory.libelle for territory in copy.territoires.all()] == ["Montpellier (34)"]
    assert copy.resume == catalogue["rich"].resume
    assert (copy.editeur, copy.annee, copy.type_document_id, copy.langue, copy.isbn) == (
        "VTO", 2019, "dossier", "fre", "978-2-11-129847-3")
    source_permalink = f"{live_oai.removesuffix('/oai/')}/base-documentaire/notices/{catalogue['rich'].pk}/"
    assert [link.url for link in copy.liens.all()] == [source_permalink, "https://example.org/clsm.pdf"]
    assert mirrored(catalogue["podcast"]).type_document_id == "podcast"
    # Searchable as soon as the command returns, under its new contributor.
    found = client.get("/api/v1/notices/", {"q": "précarité", "contributeur": "Centre miroir"}).json()
    assert [result["id"] for result in found["results"]] == [copy.pk]


def test_a_second_harvest_changes_nothing(live_oai, catalogue, miroir, embedded_index):
    harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")
    before = {n.pk: (n.updated_at, n.latest_revision_id) for n in Notice.objects.filter(contributeur=miroir)}
    output = harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")
    assert "Créées : 0, mises à jour : 0, inchangées : 4, supprimées : 0, rejetées : 0." in output
    after = {n.pk: (n.updated_at, n.latest_revision_id) for n in Notice.objects.filter(contributeur=miroir)}
    assert after == before


def test_deleted_records_unpublish_and_republished_ones_come_back(live_oai, catalogue, miroir, embedded_index):
    harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")
    catalogue["egalite"].unpublish()  # withdrawn at the source
    output = harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")
    assert "inchangées : 3, supprimées : 1, rejetées : 0." in output
    copy = mirrored(catalogue["egalite"])
    assert not copy.live
    assert DeletedRecord.objects.filter(notice_id=copy.pk).exists()  # and so reported by our own repository
    assert "supprimées : 0" in harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")
    catalogue["egalite"].save_revision().publish()  # back at the source
    output = harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")
    assert "Créées : 0, mises à jour : 1, inchangées : 3, supprimées : 0" in output
    assert mirrored(catalogue["egalite"]).live


def test_from_and_until_select_the_records(live_oai, catalogue, miroir, embedded_index):
    output = harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto",
                     "--from", "2024-01-04", "--until", "2024-01-05")
    assert "Créées : 1," in output
    assert [n.titre for n in Notice.objects.filter(contributeur=miroir)] == ["Podcast sur la santé"]


def test_dry_run_changes_nothing(live_oai, catalogue, miroir, embedded_index):
    output = harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto", "--dry-run")
    assert "Simulation : rien n'a été modifié." in output and "Créées : 4," in output
    assert not Notice.objects.filter(contributeur=miroir).exists()


def test_partner_repository_mapped_to_our_vocabularies(live_oai, vocabulary, miroir, embedded_index, settings):
    settings.ROOT_URLCONF = SOURCE_URLS
    gone = make_notice("Notice supprimée chez le partenaire", contributeur=miroir,
                       external_id="oai:partenaire.example.org:102")
    output = harvest(live_oai.replace("/oai/", "/partenaire/oai"), "--contributeur", "miroir")
    assert "Notices lues : 4." in output
    assert "Créées : 2, mises à jour : 0, inchangées : 0, supprimées : 1, rejetées : 1." in output
    assert "oai:partenaire.example.org:103 : Titre manquant." in output
    notice = Notice.objects.get(external_id="oai:partenaire.example.org:101")
    assert {theme.nom for theme in notice.themes.all()} == {"Santé", "Quartiers prioritaires"}  # SANTE, qpv
    assert [territory.nom for territory in notice.territoires.all()] == ["Hérault"]  # herault
    assert [tag.name for tag in notice.mots_cles.all()] == ["jardins partagés"]
    assert TermeCandidat.objects.filter(vocabulaire="territoire", libelle="Pays imaginaire").exists()
    assert [(a.nom, a.nature) for a in notice.auteurs.all()] == [("Martin, Paul", "personne"),
                                                                  ("Ville de Rennes", "collectivite")]
    assert (notice.type_document_id, notice.annee, str(notice.date_publication), notice.langue) == (
        "rapport", 2019, "2019-05-12", "fre")
    assert (notice.isbn, notice.collection, notice.resume) == (
        "978-2-11-129847-3", "Les cahiers du partenaire", "Un diagnostic partagé avec les habitants.")
    assert [link.url for link in notice.liens.all()] == ["https://partenaire.example.org/notices/101"]
    actes = Notice.objects.get(external_id="oai:partenaire.example.org:104")
    assert (actes.titre, actes.type_document_id, actes.annee, actes.langue) == (
        "Actes du colloque <jeunesse> & emploi", "actes", 2021, "und")
    gone.refresh_from_db()
    assert not gone.live


def test_a_failure_on_a_later_page_keeps_the_first_pages(live_oai, catalogue, miroir, embedded_index, settings):
    settings.ROOT_URLCONF = SOURCE_URLS
    flaky = live_oai.replace("/oai/", "/instable/oai")
    with pytest.raises(CommandError, match="HTTP 500"):
        harvest(flaky, "--contributeur", "miroir", "--set", "contributeur:vto")
    saved = Notice.objects.filter(contributeur=miroir, live=True)
    assert sorted(n.titre for n in saved) == ["Podcast sur la santé", "Santé mentale et précarité : les conseils locaux",
                                              "Égalité femmes-hommes"]
    output = harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")  # the source is back
    assert "Créées : 1, mises à jour : 0, inchangées : 3" in output


@pytest.mark.parametrize("path, message", [
    ("/pas-de-moissonnage/", "La source a répondu HTTP 404"),
    ("/sante/", "La source n’a pas répondu en XML"),
    ("/flux.xml", "La source a répondu du XML qui n’est pas de l’OAI-PMH (élément racine « rss »)"),
    ("/casse/oai", "La source a répondu un enregistrement OAI-PMH mal formé."),
])
def test_sources_that_are_not_oai_pmh(live_oai, catalogue, miroir, settings, path, message):
    settings.ROOT_URLCONF = SOURCE_URLS
    with pytest.raises(CommandError, match=re.escape(message)) as failure:
        harvest(live_oai.replace("/oai/", path), "--contributeur", "miroir")
    assert "Rien n’a été modifié." in str(failure.value)
    assert not Notice.objects.filter(contributeur=miroir).exists()


def test_an_unreachable_source(miroir):
    with pytest.raises(CommandError, match="La source est injoignable"):
        harvest("http://127.0.0.1:9/oai/", "--contributeur", "miroir", "--timeout", "5")


def test_an_oai_error_answer(live_oai, catalogue, miroir, settings):
    settings.OAI_PMH = {**settings.OAI_PMH, "SETS": False}
    with pytest.raises(CommandError, match="erreur OAI-PMH noSetHierarchy"):
        harvest(live_oai, "--contributeur", "miroir", "--set", "theme")


def test_nothing_to_harvest_is_not_an_error(live_oai, catalogue, miroir):
    output = harvest(live_oai, "--contributeur", "miroir", "--from", "2031-01-01")
    assert "Notices lues : 0." in output


@pytest.mark.parametrize("arguments, message", [
    (["http://127.0.0.1:9/oai/", "--contributeur", "inconnu"], "Contributeur inconnu « inconnu »"),
    (["http://127.0.0.1:9/oai/", "--contributeur", "miroir", "--from", "01/02/2024"], "n’est pas une date UTC"),
    (["ftp://example.org/oai", "--contributeur", "miroir"], "n’est pas une adresse http"),
    (["http://127.0.0.1:9/oai/", "--contributeur", "miroir", "--from", "2024-01-02", "--until", "2024-01-01"],
     "« from » est postérieur à « until »"),
    (["http://127.0.0.1:9/oai/", "--contributeur", "miroir", "--from", "2024-01-01",
      "--until", "2024-01-02T00:00:00Z"], "même précision"),
])
def test_bad_arguments(miroir, arguments, message):
    with pytest.raises(CommandError, match=message):
        harvest(*arguments)


def test_a_harvest_keeps_the_edition_and_public_note_dublin_core_does_not_carry(live_oai, catalogue, miroir,
                                                                                 embedded_index):
    harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")
    copy = mirrored(catalogue["rich"])
    Notice.objects.filter(pk=copy.pk).update(edition="2e éd.", note_publique="Note du centre miroir")
    Notice.objects.filter(pk=catalogue["rich"].pk).update(titre="Santé mentale : édition révisée")

    output = harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")

    copy.refresh_from_db()
    assert "mises à jour : 1" in output and copy.titre.startswith("Santé mentale : édition révisée")
    assert (copy.edition, copy.note_publique) == ("2e éd.", "Note du centre miroir")
