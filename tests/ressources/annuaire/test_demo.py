"""The demo directory: created from the seeds, idempotent, editors' edits kept, no private person."""
import pytest

from base_documentaire import demo as documentary_demo
from ressources.annuaire import demo
from ressources.annuaire.models import Acteur, AnnuairePage, Personne


@pytest.fixture
def home(demo_site):
    documentary_demo.load(demo_site)
    return demo_site


def test_demo_creates_the_directory_and_the_seed_organisations(client, home, django_assert_max_num_queries):
    page = demo.load(home)
    assert (page.slug, page.live, page.get_parent().pk) == ("annuaire", True, home.pk)
    assert Acteur.objects.count() == len(demo.ACTEURS)
    vto = Acteur.objects.get(sigle="VTO")
    assert vto.contributeur.code == "vto"
    assert {territoire.libelle for territoire in vto.territoires.all()} == {"Occitanie"}
    assert vto.themes.exists()
    with django_assert_max_num_queries(25):
        assert client.get(page.url).status_code == 200
    with django_assert_max_num_queries(26):
        response = client.get(vto.get_absolute_url())
    assert response.status_code == 200
    assert "Villes et Territoires Occitanie" in response.content.decode()


def test_demo_people_are_functions_with_generic_addresses_and_consent(home):
    demo.load(home)
    people = list(Personne.objects.all())
    assert people and all(person.est_publique and person.consentement_source for person in people)
    assert all(person.email.startswith("contact@") for person in people)


def test_demo_is_idempotent_and_keeps_editors_edits(home):
    demo.load(home)
    vto = Acteur.objects.get(sigle="VTO")
    vto.description = "Texte revu par l'équipe."
    vto.save()
    demo.load(home)
    assert AnnuairePage.objects.count() == 1
    assert Acteur.objects.count() == len(demo.ACTEURS)
    assert Acteur.objects.get(sigle="VTO").description == "Texte revu par l'équipe."


def test_demo_reuses_an_acteur_another_demo_created(home):
    Acteur.objects.create(nom="Pôle ressources ville et développement social", sigle="PRVDS")
    demo.load(home)
    assert Acteur.objects.filter(sigle="PRVDS").count() == 1
