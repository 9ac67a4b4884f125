"""People are published only with a recorded consent: never on the acteur's page, in the directory
or in its search otherwise; withdrawing the consent hides them."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from ressources.annuaire.models import Personne

from .conftest import make_personne


@pytest.fixture
def people(acteurs):
    vto = acteurs["vto"]
    return {
        "publique": make_personne(vto, "Durand", "Claire", fonction="Chargée de mission",
                                  email="claire.durand@example.org"),
        "sans_consentement": make_personne(vto, "Zanetti", "Marc", consent=False, fonction="Directeur",
                                           email="marc.zanetti@example.org", telephone="04 67 00 00 01"),
    }


def page_text(client, acteur):
    return client.get(acteur.get_absolute_url()).content.decode()


def test_person_without_consent_is_not_on_the_acteur_page(client, directory, people, acteurs):
    content = page_text(client, acteurs["vto"])
    assert "Claire Durand" in content
    for private in ("Zanetti", "Marc", "marc.zanetti@example.org", "04 67 00 00 01", "Directeur"):
        assert private not in content


def test_person_without_consent_is_not_in_the_directory(client, directory, people):
    assert "Zanetti" not in client.get(directory.url).content.decode()


def test_search_finds_acteurs_by_consenting_people_only(client, directory, people):
    found = client.get(directory.url, {"q": "Durand"}).content.decode()
    assert "Villes et Territoires Occitanie" in found
    hidden = client.get(directory.url, {"q": "Zanetti"}).content.decode()
    assert "Villes et Territoires Occitanie" not in hidden and "Zanetti" in hidden  # only echoed in the box
    echoes = hidden.count('value="Zanetti"') + hidden.count("« Zanetti »") + hidden.count("q%3DZanetti")  # box, title, sign-in link's next
    assert hidden.count("Zanetti") == echoes


def test_withdrawing_consent_hides_the_person_everywhere(client, directory, people, acteurs):
    people["publique"].retirer_consentement()
    assert "Durand" not in page_text(client, acteurs["vto"])
    assert "Villes et Territoires Occitanie" not in client.get(directory.url, {"q": "Durand"}).content.decode()
    assert list(Personne.objects.public()) == []


def test_unticking_consent_hides_the_person(client, directory, people, acteurs):
    Personne.objects.filter(pk=people["publique"].pk).update(consentement_publication=False)
    assert "Durand" not in page_text(client, acteurs["vto"])


def test_public_queryset(people):
    assert list(Personne.objects.public()) == [people["publique"]]


def test_consent_needs_a_date_and_a_proof(acteurs):
    personne = Personne(acteur=acteurs["vto"], nom="Martin", consentement_publication=True)
    with pytest.raises(ValidationError) as error:
        personne.full_clean()
    assert "consentement_publication" in error.value.message_dict


def test_withdrawal_cannot_precede_the_consent(acteurs):
    personne = Personne(acteur=acteurs["vto"], nom="Martin", consentement_publication=True,
                        consentement_date=datetime.date(2024, 5, 1), consentement_source="Formulaire signé",
                        consentement_retrait=datetime.date(2024, 4, 1))
    with pytest.raises(ValidationError) as error:
        personne.full_clean()
    assert "consentement_retrait" in error.value.message_dict
