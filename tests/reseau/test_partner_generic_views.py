"""Every generic Wagtail view a partner reaches, with two centres: a partner of VTO sees its own
notices and files, never RésO's, and RésO's drafts never (reseau/contribution/generic_views_scope.py
lists them)."""
import html
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from base_documentaire.models import Contributeur, Fichier, Notice, NoticeFichier, Territoire, Theme, TypeDocument
from reseau.contribution.partners import ensure_space
from tests.infodoc.conftest import make_demande
from tests.reseau.contribution.conftest import (  # noqa: F401
    centre_notices,
    contributeurs,
    logged_in,
    make_user,
    moderator,
    moderator_client,
    other_partner,
    partner,
    partner_client,
)

THEIRS = ("Brouillon confidentiel de RésO", "L'emploi des jeunes à Lyon", "Fichier de RésO")
MINE = ("Santé mentale dans les quartiers", "Brouillon de VTO")
NOTICE_CHOOSER = "/admin/snippets/choose/base_documentaire/notice/"


def body(response):
    """The text a user would read: a modal's JSON is opened, HTML entities decoded."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


def denied(response):
    """Refused: Wagtail's admin answers a PermissionDenied by a redirect to its home with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def sees_none_of_theirs(response):
    return not any(title in body(response) for title in THEIRS)


def centre_file(contributeur, title, notice=None, private=False):
    fichier = Fichier(title=title, prive=private, collection=ensure_space(contributeur).collection)
    fichier.file.save(f"{title.replace(' ', '-')}.pdf", ContentFile(b"%PDF-1.4 " + title.encode()), save=True)
    if notice is not None:
        NoticeFichier.objects.create(notice=notice, fichier=fichier)
    return fichier


@pytest.fixture
def files(centre_notices, contributeurs):
    return {
        "mine": centre_file(contributeurs["vto"], "Fichier de VTO", centre_notices["vto_draft"]),
        "theirs": centre_file(contributeurs["resovilles"], "Fichier de RésO", centre_notices["reso_draft"],
                              private=True),
    }


@pytest.fixture
def draft_page(db):
    root = Page.objects.get(depth=1)
    return root.add_child(instance=Page(title="Page en préparation secrète", slug="preparation", live=False))


# -- The notice chooser: listing, search, pagination, chosen, chosen-multiple -----------------------
def test_notice_chooser_lists_the_partners_centre_only(partner_client, centre_notices):
    page = body(partner_client.get(NOTICE_CHOOSER))
    assert all(title in page for title in MINE)
    assert not any(title in page for title in THEIRS)


def test_notice_chooser_search_finds_only_the_partners_centre(partner_client, centre_notices):
    found = partner_client.get(NOTICE_CHOOSER + "results/", {"q": "Brouillon"})
    assert "Brouillon de VTO" in body(found)
    assert sees_none_of_theirs(found)


def test_notice_chooser_pages_hold_only_the_partners_centre(partner_client, centre_notices, contributeurs):
    from tests.base_documentaire.conftest import make_notice

    for number in range(30):  # more than one page of 25
        make_notice(f"Notice RésO {number}", contributeur=contributeurs["resovilles"], publish=False)
    for number in (1, 2):
        response = partner_client.get(NOTICE_CHOOSER + "results/", {"p": number})
        assert response.status_code in (200, 404)
        assert "Notice RésO" not in body(response) and sees_none_of_theirs(response)


def test_notice_chooser_chosen_refuses_another_centres_notice(partner_client, centre_notices):
    assert partner_client.get(f"{NOTICE_CHOOSER}chosen/{centre_notices['reso_draft'].pk}/").status_code == 404
    assert partner_client.get(f"{NOTICE_CHOOSER}chosen/{centre_notices['reso_live'].pk}/").status_code == 404
    own = partner_client.get(f"{NOTICE_CHOOSER}chosen/{centre_notices['vto_draft'].pk}/")
    assert own.status_code == 200 and "Brouillon de VTO" in body(own)


def test_notice_chooser_chosen_multiple_keeps_only_the_partners_centre(partner_client, centre_notices):
    ids = [centre_notices[key].pk for key in ("vto_live", "reso_draft", "reso_live")]
    response = partner_client.get(NOTICE_CHOOSER + "chosen-multiple/", {"id": ids})
    result = json.loads(response.content)["result"]
    assert [item["id"] for item in result] == [str(centre_notices["vto_live"].pk)]


def test_the_documentalist_still_chooses_every_notice(moderator_client, centre_notices):
    page = body(moderator_client.get(NOTICE_CHOOSER))
    assert all(title in page for title in MINE + THEIRS[:2])


# -- Files: chooser, listing, usage, admin API -----------------------------------------------------
def test_document_chooser_lists_the_partners_centre_files_only(partner_client, files):
    page = body(partner_client.get("/admin/documents/chooser/"))
    assert "Fichier de VTO" in page and "Fichier de RésO" not in page
    assert sees_none_of_theirs(partner_client.get("/admin/documents/chooser/results/", {"q": "Fichier"}))


def test_document_chooser_chosen_refuses_another_centres_file(partner_client, files):
    theirs = partner_client.get(f"/admin/documents/chooser/chosen/{files['theirs'].pk}/")
    assert theirs.status_code == 404 or denied(theirs)
    assert partner_client.get(f"/admin/documents/chooser/chosen/{files['mine'].pk}/").status_code == 200
    multiple = partner_client.get("/admin/documents/chooser/chosen-multiple/",
                                  {"id": [files["mine"].pk, files["theirs"].pk]})
    assert [str(item["id"]) for item in json.loads(multiple.content)["result"]] == [str(files["mine"].pk)]


def test_document_listing_shows_the_partners_centre_files_only(partner_client, files):
    listing = partner_client.get("/admin/documents/")
    assert "Fichier de VTO" in body(listing) and sees_none_of_theirs(listing)


def test_document_usage_of_another_centres_file_is_refused(partner_client, files):
    assert partner_client.get(f"/admin/documents/usage/{files['theirs'].pk}/").status_code in (302, 403, 404)
    assert partner_client.get(f"/admin/documents/usage/{files['mine'].pk}/").status_code == 200


def test_admin_api_documents_lists_the_partners_centre_files_only(partner_client, files):
    listing = partner_client.get("/admin/api/main/documents/")
    titles = [item["title"] for item in listing.json()["items"]]
    assert titles == ["Fichier de VTO"]
    assert partner_client.get(f"/admin/api/main/documents/{files['theirs'].pk}/").status_code == 404
    assert partner_client.get("/admin/api/main/documents/find/", {"id": files["theirs"].pk}).status_code == 404
    assert partner_client.get(f"/admin/api/main/documents/{files['mine'].pk}/").status_code == 200


def test_admin_api_documents_unchanged_for_the_documentalist(moderator_client, files):
    titles = {item["title"] for item in moderator_client.get("/admin/api/main/documents/").json()["items"]}
    assert titles == {"Fichier de VTO", "Fichier de RésO"}


def test_file_extraction_views_of_another_centres_file_are_not_found(partner_client, files):
    for view in ("edit", "inspect", "history", "usage"):
        assert partner_client.get(f"/admin/fichiers_texte/{view}/{files['theirs'].pk}/").status_code == 404, view


# -- Images and pages: the admin API, the page chooser, moving a page ------------------------------
def _image(title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"),
                                            collection=Collection.get_first_root_node())


def test_admin_api_images_lists_only_what_the_partner_may_choose(partner_client, centre_notices):
    _image("Photo interne")
    assert partner_client.get("/admin/api/main/images/").json()["items"] == []
    assert "Photo interne" not in body(partner_client.get("/admin/images/chooser/"))


def test_admin_api_pages_never_shows_a_partner_a_draft_page(partner_client, draft_page):
    listing = partner_client.get("/admin/api/main/pages/", {"limit": 100})
    assert "Page en préparation secrète" not in body(listing)
    assert partner_client.get(f"/admin/api/main/pages/{draft_page.pk}/").status_code == 404


def test_page_chooser_shows_a_partner_published_pages_only(partner_client, draft_page, admin_client):
    root = draft_page.get_parent()
    assert "Page en préparation secrète" not in body(partner_client.get(f"/admin/choose-page/{root.pk}/"))
    assert "Page en préparation secrète" not in body(
        partner_client.get("/admin/choose-page/search/", {"q": "préparation"}))
    assert "Page en préparation secrète" in body(admin_client.get(f"/admin/choose-page/{root.pk}/"))


def test_moving_a_page_is_refused_before_its_title_is_shown(partner_client, draft_page):
    other = draft_page.get_parent().add_child(instance=Page(title="Autre", slug="autre"))
    response = partner_client.get(f"/admin/pages/{draft_page.pk}/move/{other.pk}/confirm/")
    assert denied(response) and "Page en préparation secrète" not in body(response)


# -- Usage, history, revisions and workflow history of notices ---------------------------------------
@pytest.mark.parametrize("view", ["usage/{pk}/", "history/{pk}/", "history-results/{pk}/", "workflow_history/{pk}/",
                                  "edit/{pk}/", "copy/{pk}/"])
def test_notice_views_of_another_centre_are_not_found(partner_client, centre_notices, view):
    url = "/admin/snippets/base_documentaire/notice/" + view
    assert partner_client.get(url.format(pk=centre_notices["reso_draft"].pk)).status_code == 404
    assert partner_client.get(url.format(pk=centre_notices["vto_draft"].pk)).status_code == 200


# -- Reports --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("report", ["locked/", "aging-pages/", "workflow/", "workflow_tasks/",
                                    "page-types-usage/", "site-history/", "site-history/results/"])
def test_reports_show_a_partner_nothing_of_another_centre(partner_client, other_partner, centre_notices,
                                                         files, draft_page, report):
    notice = centre_notices["reso_draft"]
    notice.save_revision(user=other_partner, log_action=True)
    response = partner_client.get("/admin/reports/" + report)
    assert response.status_code in (200, 302, 403)
    assert sees_none_of_theirs(response) and "Page en préparation secrète" not in body(response)


# -- Every other chooser registered -----------------------------------------------------------------
PUBLIC_VOCABULARIES = {Theme, TypeDocument, Territoire, Contributeur}


def chooser_prefixes(keep):
    return sorted(f"/admin/{viewset.url_prefix}/" for viewset in viewsets.viewsets
                  if isinstance(viewset, ChooserViewSet) and viewset.url_prefix.startswith("snippets/choose/")
                  and keep(viewset.model))


def test_every_registered_snippet_chooser_is_covered(db, client):
    client.get("/admin/login/")  # builds the admin's URLs, and so the registry
    others = chooser_prefixes(lambda model: model is not Notice and model not in PUBLIC_VOCABULARIES)
    assert {"/admin/snippets/choose/infodoc/demandeinfodoc/", "/admin/snippets/choose/annuaire/personne/",
            "/admin/snippets/choose/annuaire/demandergpd/"} <= set(others)


@pytest.mark.parametrize("suffix", ["", "results/", "chosen-multiple/", "create/", "chosen/1/"])
def test_other_snippet_choosers_are_refused_to_partners(partner_client, moderator_client, suffix):
    demande = make_demande()
    refused = chooser_prefixes(lambda model: model is not Notice and model not in PUBLIC_VOCABULARIES)
    assert refused
    for prefix in refused:
        url = prefix + suffix.replace("1", str(demande.pk))
        assert denied(partner_client.get(url)), url
    listing = partner_client.get("/admin/snippets/choose/infodoc/demandeinfodoc/results/")
    assert demande.reference not in body(listing)


def test_the_vocabularies_stay_choosable_by_partners(partner_client, centre_notices):
    for prefix in chooser_prefixes(lambda model: model in PUBLIC_VOCABULARIES):
        assert partner_client.get(prefix).status_code == 200, prefix


def test_info_doc_chooser_still_serves_the_team(admin_client):
    demande = make_demande()
    response = admin_client.get("/admin/snippets/choose/infodoc/demandeinfodoc/results/")
    assert response.status_code == 200 and demande.reference in body(response)


def test_info_doc_chooser_is_refused_to_admin_users_outside_the_team(db, django_user_model):
    from django.contrib.auth.models import Permission

    editor = make_user(django_user_model, "redactrice")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    demande = make_demande()
    client = logged_in(editor)
    for suffix in ("", "results/", f"chosen/{demande.pk}/", "chosen-multiple/"):
        response = client.get("/admin/snippets/choose/infodoc/demandeinfodoc/" + suffix)
        assert denied(response) and demande.reference not in body(response), suffix


def test_editing_sessions_of_another_centres_notice_are_not_found(partner_client, centre_notices):
    theirs, mine = centre_notices["reso_draft"].pk, centre_notices["vto_draft"].pk
    ping = "/admin/editing-sessions/ping/base_documentaire/notice/{pk}/0/"
    assert partner_client.post(ping.format(pk=theirs)).status_code == 404
    assert partner_client.post(ping.format(pk=mine)).status_code == 200


def test_tag_autocomplete_proposes_a_partner_no_keyword_of_another_centres_draft(partner_client, admin_client,
                                                                                 centre_notices):
    theirs, live, mine = centre_notices["reso_draft"], centre_notices["reso_live"], centre_notices["vto_draft"]
    theirs.mots_cles.add("confidentiel-reso")
    theirs.save()
    live.mots_cles.add("contrat-public")
    live.save()
    mine.mots_cles.add("contrat-vto")
    mine.save()
    assert partner_client.get("/admin/tag-autocomplete/", {"term": "conf"}).json() == []
    assert partner_client.get("/admin/tag-autocomplete/", {"term": "contrat"}).json() == ["contrat-public",
                                                                                         "contrat-vto"]
    assert admin_client.get("/admin/tag-autocomplete/", {"term": "conf"}).json() == ["confidentiel-reso"]
