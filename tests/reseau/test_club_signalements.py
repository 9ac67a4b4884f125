"""Club de veille: a partner centre's veilleur posts a signalement (admin form and partner API), it goes
through moderation like every partner notice, then joins the network's pool, credited to its centre;
another centre sees it there but cannot change it in any admin view."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import WorkflowState

from base_documentaire.models import Notice, TermeCandidat, TypeDocument
from tests.pdfs import pdf_bytes
from tests.reseau.api.conftest import BASE, PartnerClient, make_partner
from tests.reseau.contribution.conftest import (  # noqa: F401
    ADMIN,
    contributeurs,
    logged_in,
    make_user,
    moderator,
    notice_form,
    other_partner,
    partner,
    vocabulary,
)

SIGNALER = "/admin/club/signaler/"
POOL = "/admin/club/signalements/"
FORM = {"titre": "Rapport de l'ONPV 2024", "url": "https://www.onpv.fr/rapport-2024", "note": "À lire.",
        "themes": "", "territoires": []}


def post_form(client, **fields):
    return client.post(SIGNALER, {**FORM, **fields})


def test_the_signalement_type_is_a_row_of_the_vocabulary_with_export_mappings(db):
    row = TypeDocument.objects.get(code="signalement")
    assert row.libelle == "Signalement de veille"
    assert (row.ris_type, row.csl_type, row.dcmi_type, row.unimarc_type_notice) == ("ELEC", "webpage", "Text", "lm")


def test_a_partner_posts_a_signalement_in_the_admin_submitted_to_moderation(partner, vocabulary):
    client = logged_in(partner)
    page = client.get(SIGNALER)
    assert page.status_code == 200 and "Villes et Territoires Occitanie" in page.content.decode()
    assert 'data-controller="territory-autocomplete"' in page.content.decode()  # the territories' widget
    response = post_form(client, themes="santé; Urbanisme tactique", territoires=[vocabulary["montpellier"].pk])
    assert response.status_code == 302 and response["Location"] == POOL
    notice = Notice.objects.get(titre="Rapport de l'ONPV 2024")
    assert notice.type_document_id == "signalement" and notice.contributeur.code == "vto"
    assert notice.resume == "À lire." and [lien.url for lien in notice.liens.all()] == [FORM["url"]]
    assert [theme.nom for theme in notice.themes.all()] == ["Santé"]
    assert list(notice.territoires.all()) == [vocabulary["montpellier"]]
    assert not notice.live and notice.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert notice.current_workflow_state.requested_by == partner
    # The unknown thème is kept as a candidate term, as the import does, and the veilleur is told.
    assert TermeCandidat.objects.filter(libelle="Urbanisme tactique").exists()
    pool = client.get(POOL).content.decode()
    assert "Urbanisme tactique" in pool and "Rapport de l&#x27;ONPV 2024" in pool


def test_two_signalements_with_the_same_title_are_two_notices(partner, vocabulary):
    client = logged_in(partner)
    post_form(client)
    post_form(client, url="https://www.onpv.fr/autre")
    assert Notice.objects.filter(type_document="signalement").count() == 2


def test_a_file_instead_of_a_link(partner, vocabulary):
    upload = SimpleUploadedFile("note.pdf", pdf_bytes("Note de la DREETS"), content_type="application/pdf")
    response = post_form(logged_in(partner), url="", fichier=upload)
    assert response.status_code == 302
    notice = Notice.objects.get(titre=FORM["titre"]).get_latest_revision_as_object()
    assert [link.fichier.collection.name for link in notice.fichiers.all()] == ["Villes et Territoires Occitanie"]


def test_neither_link_nor_file_is_refused_in_french_and_nothing_is_created(partner, vocabulary):
    response = post_form(logged_in(partner), url="")
    assert response.status_code == 200
    assert "Indiquez le lien de ce que vous avez repéré, ou envoyez son fichier." in response.content.decode()
    assert not Notice.objects.exists()


def test_a_fake_pdf_is_refused_and_nothing_is_created(partner, vocabulary):
    upload = SimpleUploadedFile("note.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = post_form(logged_in(partner), url="", fichier=upload)
    assert response.status_code == 200
    assert "ne contient pas un PDF" in response.content.decode() or "pas un PDF" in response.content.decode()
    assert not Notice.objects.exists()


def test_html_in_the_note_is_text_escaped_in_the_pool(partner, vocabulary):
    client = logged_in(partner)
    post_form(client, note="<script>alert('x')</script> <b>gras</b>")
    page = client.get(POOL).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page and "<b>gras" not in page


def test_only_partners_of_a_centre_may_post(db, django_user_model, moderator):
    client = logged_in(moderator)  # the documentalist is no centre's veilleur: refused (Wagtail redirects)
    response = client.get(SIGNALER)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.post(SIGNALER, FORM).status_code == 302 and not Notice.objects.exists()


def test_a_partner_posts_a_signalement_through_the_api(client, contributeurs, vocabulary):
    _jeton, key = make_partner(contributeurs["vto"], "vto-api")
    api = PartnerClient(client, key)
    response = api.post("notices/", {"id": "veille-1", "titre": "Circulaire QPV 2030", "type": "signalement",
                                     "resume": "Repérée au JO.", "urls": ["https://www.legifrance.gouv.fr/x"],
                                     "themes": ["QPV", "Thème inconnu"]})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["type"] == "signalement" and data["statut"] == "en_cours_de_validation"
    assert any("Thème inconnu" in warning for warning in data["avertissements"])
    assert Notice.objects.get(external_id="veille-1").type_document_id == "signalement"
    # The label works too, and the OpenAPI description tells partners about it.
    assert api.post("notices/", {"titre": "Autre", "type": "Signalement de veille",
                                 "urls": ["https://www.onpv.fr/"]}).json()["type"] == "signalement"
    description = client.get(BASE + "openapi.json").json()["components"]["schemas"]
    assert any("signalement" in str(schema) for schema in description.values())


def test_the_api_refuses_a_signalement_with_neither_link_nor_file_in_french(client, contributeurs, vocabulary):
    _jeton, key = make_partner(contributeurs["vto"], "vto-api")
    api = PartnerClient(client, key)
    refused = api.post("notices/", {"id": "veille-2", "titre": "Sans lien", "type": "veille", "urls": ["pas une url"]})
    assert refused.status_code == 400, refused.content
    assert "Un signalement a besoin du lien de ce qui a été repéré (urls)" in str(refused.json())
    assert not Notice.objects.filter(external_id="veille-2").exists()
    created = api.post("notices/", {"id": "veille-2", "titre": "Avec lien", "type": "signalement",
                                    "urls": ["https://www.onpv.fr/"]})
    assert created.status_code == 201
    replaced = api.put("notices/veille-2/", {"titre": "Avec lien", "type": "signalement", "urls": []})
    assert replaced.status_code == 400 and "(urls)" in str(replaced.json())
    other = api.post("notices/", {"id": "rapport-1", "titre": "Un rapport sans lien", "type": "Rapport"})
    assert other.status_code == 201  # only signalements need a link


@pytest.fixture
def published_signalement(partner, vocabulary, moderator):
    post_form(logged_in(partner), note="Repéré par la veille de VTO.")
    notice = Notice.objects.get(titre=FORM["titre"])
    notice.get_latest_revision().publish()
    notice.refresh_from_db()
    return notice


def test_another_centre_sees_it_in_the_pool_credited_but_cannot_edit_it(published_signalement, other_partner):
    client = logged_in(other_partner)
    page = client.get(POOL).content.decode()
    assert FORM["titre"].replace("'", "&#x27;") in page and "repéré par Villes et Territoires Occitanie" in page
    edit = f"{ADMIN}edit/{published_signalement.pk}/"
    assert edit not in page  # no edit link for another centre's find
    assert client.get(edit).status_code == 404
    assert client.post(edit, notice_form("Piraté", type_document="signalement")).status_code == 404
    chooser = client.get("/admin/snippets/choose/base_documentaire/notice/", {"q": "ONPV"})
    assert chooser.status_code in (200, 403) and FORM["titre"] not in chooser.content.decode()
    published_signalement.refresh_from_db()
    assert published_signalement.titre == FORM["titre"]


def test_the_own_centre_gets_an_edit_link_and_its_pending_finds(partner, other_partner, vocabulary):
    post_form(logged_in(partner), titre="En attente de VTO")
    own = logged_in(partner).get(POOL).content.decode()
    notice = Notice.objects.get(titre="En attente de VTO")
    assert "En attente de VTO" in own and f"{ADMIN}edit/{notice.pk}/" in own and "en attente de validation" in own
    assert "En attente de VTO" not in logged_in(other_partner).get(POOL).content.decode()  # not public yet
