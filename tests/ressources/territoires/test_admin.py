"""Editing fiches: one fiche per territoire (refused in French, nothing lost), copies refused,
the edit form with its choosers."""
import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from ressources.territoires.models import FicheTerritoirePage

from ..conftest import make_notice
from .conftest import make_fiche

DUPLICATE = "Le territoire Hérault a déjà une fiche : « L'Hérault ». Modifiez cette fiche au lieu d'en créer une autre."


def fiche_form(territoire, title, **fields):
    return nested_form_data({
        "title": title, "slug": fields.pop("slug", "nouvelle-fiche"), "territoire": territoire.pk,
        "presentation": rich_text("<p>Presentation keep-me-1.</p>"),
        "chiffres_cles": streamfield([("tableau", {
            "legende": "Table keep-me-2", "source": "", "annee": "2023",
            "chiffres": streamfield([("item", {"indicateur": "Participations", "valeur": "46 %",
                                               "precision": ""})])})]),
        "documents_reference": inline_formset([]),
        **fields,
    })


def test_a_second_fiche_for_a_territoire_is_refused_in_french(index, territoires):
    make_fiche(index, territoires["herault"], "L'Hérault")
    with pytest.raises(ValidationError) as error:
        FicheTerritoirePage(title="Encore l'Hérault", slug="encore", territoire=territoires["herault"]).full_clean()
    assert error.value.message_dict["territoire"] == [DUPLICATE]


def test_admin_refuses_a_second_fiche_and_keeps_what_was_typed(admin_client, index, territoires):
    make_fiche(index, territoires["herault"], "L'Hérault")
    url = f"/admin/pages/add/territoires/ficheterritoirepage/{index.pk}/"
    response = admin_client.post(url, fiche_form(territoires["herault"], "Hérault bis"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Modifiez cette fiche au lieu d&#x27;en créer une autre." in html
    assert "Hérault bis" in html and "keep-me-1" in html and "keep-me-2" in html
    assert FicheTerritoirePage.objects.filter(territoire=territoires["herault"]).count() == 1


def test_admin_creates_a_fiche_with_its_key_figures(admin_client, index, territoires):
    url = f"/admin/pages/add/territoires/ficheterritoirepage/{index.pk}/"
    response = admin_client.post(url, fiche_form(territoires["gard"], "Le Gard", slug="gard"))
    assert response.status_code == 302
    fiche = FicheTerritoirePage.objects.get(territoire=territoires["gard"])
    assert fiche.chiffres_cles[0].value["chiffres"][0]["valeur"] == "46 %"


def test_edit_form_renders_the_territory_and_notice_choosers(admin_client, index, territoires):
    fiche = make_fiche(index, territoires["herault"])
    response = admin_client.get(f"/admin/pages/{fiche.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "documents_reference" in html and "Hérault" in html


def test_copying_a_fiche_is_refused_with_a_french_message(admin_client, index, territoires):
    fiche = make_fiche(index, territoires["herault"])
    response = admin_client.get(f"/admin/pages/{fiche.pk}/copy/", follow=True)
    assert "Une fiche territoire ne peut pas être copiée" in response.content.decode()
    assert FicheTerritoirePage.objects.count() == 1


def test_preview_of_an_unsaved_fiche_renders_its_table_and_qpv(admin_client, index, territoires, documentary_page):
    notice = make_notice("Contrat de ville de Montpellier", territoires=[territoires["montpellier"]])
    url = f"/admin/pages/add/territoires/ficheterritoirepage/{index.pk}/preview/"
    form = fiche_form(territoires["herault"], "Aperçu de l'Hérault",
                      documents_reference=inline_formset([{"notice": notice.pk}]))
    response = admin_client.post(url, form)
    assert response.json()["is_valid"]
    html = admin_client.get(url).content.decode()
    assert "Aperçu de l&#x27;Hérault" in html and "<caption>Table keep-me-2 (2023)</caption>" in html
    assert "Mosson" in html and "Cévennes" in html
    assert f'<a href="{documentary_page.notice_url(notice)}">Contrat de ville de Montpellier</a>' in html
