"""Editing publications in the Wagtail admin: every page type's form renders; publishing from the
admin creates the notice; a duplicate newsletter issue number is refused in French, nothing lost."""
import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from base_documentaire.models import Notice
from ressources.publications.models import LettreInformationPage, PublicationPage

from .conftest import make_publication


def publication_form(title, **fields):
    return nested_form_data({
        "title": title, "slug": fields.pop("slug", "nouvelle-publication"), "kind": "dossier",
        "date": "2024-02-01", "resume": "Résumé keep-me-1", "cover_alt": "", "body": streamfield([]),
        "transcript": rich_text(""), "video_url": "",
        "auteurs": inline_formset([{"nom": "RésO Villes"}]), "fichiers": inline_formset([]),
        **fields,
    })


@pytest.mark.parametrize("model", ["publicationpage", "ficheexperiencepage", "lettreinformationindexpage"])
def test_add_forms_render_under_the_index(admin_client, index, model):
    assert admin_client.get(f"/admin/pages/add/publications/{model}/{index.pk}/").status_code == 200


def test_edit_form_renders(admin_client, index):
    page = make_publication(index, "Dossier", auteurs=["RésO Villes"])
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200 and "RésO Villes" in response.content.decode()


def test_publishing_from_the_admin_creates_the_notice(admin_client, index, contributeurs):
    url = f"/admin/pages/add/publications/publicationpage/{index.pk}/"
    response = admin_client.post(url, {**publication_form("Dossier ressources éducation"), "action-publish": "1"})
    assert response.status_code == 302
    page = PublicationPage.objects.get(slug="nouvelle-publication")
    notice = Notice.objects.get(pk=page.notice_id)
    assert notice.live and notice.titre == "Dossier ressources éducation"
    assert [author.nom for author in notice.auteurs.all()] == ["RésO Villes"]


def test_incomplete_podcast_is_refused_and_keeps_what_was_typed(admin_client, index):
    url = f"/admin/pages/add/publications/publicationpage/{index.pk}/"
    response = admin_client.post(url, publication_form("Podcast sans son", kind="podcast"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Un podcast a besoin de son fichier audio." in html
    assert "Podcast sans son" in html and "keep-me-1" in html
    assert not PublicationPage.objects.filter(title="Podcast sans son").exists()


def test_duplicate_issue_number_is_refused_in_french(admin_client, newsletter):
    make_publication(newsletter, "Numéro 4", model=LettreInformationPage, numero=4)
    url = f"/admin/pages/add/publications/lettreinformationpage/{newsletter.pk}/"
    data = publication_form("Un autre numéro 4", numero="4", slug="autre")
    del data["kind"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Ce numéro existe déjà pour cette lettre d&#x27;information." in response.content.decode()
    assert LettreInformationPage.objects.filter(numero=4).count() == 1
