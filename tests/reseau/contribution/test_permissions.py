"""A partner sees, edits and deletes its own centre's notices and files only, and never publishes."""
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import Collection

from base_documentaire.models import Fichier, Notice
from reseau.contribution.models import ComptePartenaire, EspacePartenaire

from .conftest import ADMIN, logged_in, make_user, notice_form


def denied(response):
    """Wagtail answers a permission refusal with a redirection to the dashboard and a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def test_listing_shows_only_the_partners_centre(partner_client, moderator_client, centre_notices):
    page = text(partner_client.get(ADMIN))
    assert "Santé mentale dans les quartiers" in page and "Brouillon de VTO" in page
    assert "L'emploi des jeunes" not in page and "Brouillon confidentiel" not in page
    everything = text(moderator_client.get(ADMIN))
    assert "L'emploi des jeunes" in everything and "Brouillon de VTO" in everything


def test_listing_results_and_search_are_scoped_too(partner_client, centre_notices):
    page = text(partner_client.get(ADMIN + "results/", {"q": "Brouillon"}))
    assert "Brouillon de VTO" in page and "confidentiel" not in page


OTHER_CENTRE_VIEWS = [
    "edit/{pk}/", "delete/{pk}/", "history/{pk}/", "history-results/{pk}/", "usage/{pk}/", "copy/{pk}/",
    "preview/{pk}/", "workflow_history/{pk}/", "lock/{pk}/", "unlock/{pk}/", "unpublish/{pk}/",
    "workflow/confirm_cancellation/{pk}/", "history/{pk}/revisions/{revision}/view/",
    "history/{pk}/revisions/{revision}/revert/", "history/{pk}/revisions/compare/earliest...latest/",
]


@pytest.mark.parametrize("view", OTHER_CENTRE_VIEWS)
def test_another_centres_notice_is_not_found_in_any_view(partner_client, centre_notices, view):
    notice = centre_notices["reso_live"]
    url = ADMIN + view.format(pk=notice.pk, revision=notice.latest_revision_id)
    assert partner_client.get(url).status_code == 404
    assert partner_client.post(url, notice_form("Piraté")).status_code == 404


def test_another_centres_notice_cannot_be_edited_nor_deleted(partner_client, centre_notices):
    draft = centre_notices["reso_draft"]
    partner_client.post(ADMIN + f"edit/{draft.pk}/", notice_form("Piraté"))
    partner_client.post(ADMIN + f"delete/{draft.pk}/")
    partner_client.post(f"/admin/bulk/base_documentaire/notice/delete/?id={draft.pk}")
    draft.refresh_from_db()
    assert draft.titre == "Brouillon confidentiel de RésO"


def test_own_notice_views_work(partner_client, centre_notices):
    notice = centre_notices["vto_live"]
    for view in ("edit/{pk}/", "history/{pk}/", "workflow_history/{pk}/"):
        assert partner_client.get(ADMIN + view.format(pk=notice.pk)).status_code == 200


def test_a_new_notice_belongs_to_the_partners_centre_whatever_the_form_says(partner_client, contributeurs):
    add = partner_client.get(ADMIN + "add/")
    field = BeautifulSoup(add.content, "html.parser").find("select", attrs={"name": "contributeur"})
    assert field is not None and field.has_attr("disabled")
    assert [option.get_text(strip=True) for option in field.find_all("option") if option.get("value")] == [
        "Villes et Territoires Occitanie"]
    partner_client.post(ADMIN + "add/", notice_form("Notice de Claire", contributeur=contributeurs["resovilles"].pk))
    notice = Notice.objects.get(titre="Notice de Claire")
    assert notice.contributeur == contributeurs["vto"]


def copies(*localisations):
    fields = {"exemplaires-TOTAL_FORMS": str(len(localisations)), "exemplaires-INITIAL_FORMS": "0"}
    for number, contributeur in enumerate(localisations):
        fields.update({f"exemplaires-{number}-localisation": contributeur.pk, f"exemplaires-{number}-cote": "A1",
                       f"exemplaires-{number}-disponibilite": "disponible", f"exemplaires-{number}-ORDER": number})
    return fields


def test_a_partner_records_only_its_own_centres_copies(partner_client, contributeurs):
    elsewhere = copies(contributeurs["resovilles"])
    refused = partner_client.post(ADMIN + "add/", notice_form("Exemplaire ailleurs", **elsewhere))
    assert refused.status_code == 200 and "Sélectionnez un choix valide" in refused.content.decode()
    assert not Notice.objects.filter(titre="Exemplaire ailleurs").exists()
    partner_client.post(ADMIN + "add/", notice_form("Exemplaire chez nous", **copies(contributeurs["vto"])))
    notice = Notice.objects.get(titre="Exemplaire chez nous")
    assert [copy.localisation for copy in notice.exemplaires.all()] == [contributeurs["vto"]]


def test_editing_keeps_the_contributeur(partner_client, centre_notices, contributeurs):
    draft = centre_notices["vto_draft"]
    partner_client.post(ADMIN + f"edit/{draft.pk}/",
                        notice_form("Brouillon corrigé", contributeur=contributeurs["resovilles"].pk))
    latest = Notice.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert latest.titre == "Brouillon corrigé" and latest.contributeur == contributeurs["vto"]


def test_a_partner_cannot_publish(partner_client, centre_notices):
    add = partner_client.get(ADMIN + "add/").content.decode()
    assert "action-publish" not in add and "action-submit" in add
    partner_client.post(ADMIN + "add/", notice_form("Publication directe", **{"action-publish": "action-publish"}))
    notice = Notice.objects.get(titre="Publication directe")
    assert not notice.live
    draft = centre_notices["vto_draft"]
    partner_client.post(ADMIN + f"edit/{draft.pk}/", notice_form("Brouillon", **{"action-publish": "action-publish"}))
    assert not Notice.objects.get(pk=draft.pk).live
    live = centre_notices["vto_live"]
    assert denied(partner_client.post(ADMIN + f"unpublish/{live.pk}/"))
    assert Notice.objects.get(pk=live.pk).live


def test_a_partner_deletes_its_drafts_but_not_its_published_notices(partner_client, centre_notices):
    draft, live = centre_notices["vto_draft"], centre_notices["vto_live"]
    assert denied(partner_client.post(ADMIN + f"delete/{live.pk}/"))
    assert Notice.objects.filter(pk=live.pk).exists()
    partner_client.post(ADMIN + f"delete/{draft.pk}/")
    assert not Notice.objects.filter(pk=draft.pk).exists()


def test_a_partners_group_member_without_account_sees_nothing(db, django_user_model, centre_notices):
    user = make_user(django_user_model, "orphelin")
    user.groups.add(Group.objects.get(name="Partenaires"))
    client = logged_in(user)
    page = text(client.get(ADMIN))
    assert "Santé mentale" not in page and "L'emploi" not in page
    assert denied(client.get(ADMIN + "add/"))


def test_an_account_gives_the_centres_groups_collection_and_removing_it_takes_them(partner, contributeurs):
    space = EspacePartenaire.objects.get(contributeur=contributeurs["vto"])
    assert space.collection.name == "Villes et Territoires Occitanie"
    assert set(partner.groups.values_list("name", flat=True)) == {"Partenaires", "Partenaires – vto"}
    ComptePartenaire.objects.filter(user=partner).delete()
    assert not partner.groups.exists()


def _file(title, collection):
    fichier = Fichier(title=title, collection=collection)
    fichier.file.save(f"{title}.txt", ContentFile(b"texte"), save=False)
    fichier.save()
    return fichier


def test_files_of_another_centre_are_out_of_reach(partner, other_partner, partner_client, contributeurs):
    mine = _file("rapport-vto", EspacePartenaire.objects.get(contributeur=contributeurs["vto"]).collection)
    theirs = _file("rapport-reso", EspacePartenaire.objects.get(contributeur=contributeurs["resovilles"]).collection)
    root_file = _file("rapport-du-centre", Collection.get_first_root_node())
    listing = text(partner_client.get("/admin/documents/"))
    assert "rapport-vto" in listing and "rapport-reso" not in listing and "rapport-du-centre" not in listing
    assert partner_client.get(f"/admin/documents/edit/{mine.pk}/").status_code == 200
    assert denied(partner_client.get(f"/admin/documents/edit/{theirs.pk}/"))
    partner_client.post(f"/admin/documents/delete/{theirs.pk}/")
    assert Fichier.objects.filter(pk=theirs.pk).exists()
    extraction = text(partner_client.get("/admin/fichiers_texte/"))
    assert "rapport-vto" in extraction and "rapport-reso" not in extraction and "rapport-du-centre" not in extraction
    assert partner_client.get(f"/admin/fichiers_texte/edit/{theirs.pk}/").status_code == 404
    assert partner_client.get(f"/admin/fichiers_texte/edit/{root_file.pk}/").status_code == 404


def test_the_documentalist_manages_partner_accounts(moderator_client, partner, django_user_model, contributeurs):
    page = text(moderator_client.get("/admin/comptes_partenaires/"))
    assert "claire" in page and "Villes et Territoires Occitanie" in page
    newcomer = make_user(django_user_model, "lea")
    moderator_client.post("/admin/comptes_partenaires/new/",
                          {"user": newcomer.pk, "contributeur": contributeurs["resovilles"].pk})
    assert ComptePartenaire.objects.get(user=newcomer).contributeur == contributeurs["resovilles"]
    assert set(newcomer.groups.values_list("name", flat=True)) == {"Partenaires", "Partenaires – resovilles"}


def test_partners_do_not_manage_accounts(partner_client):
    assert denied(partner_client.get("/admin/comptes_partenaires/"))


def test_a_key_that_is_no_key_is_not_found(partner_client, centre_notices):
    assert partner_client.get(ADMIN + "edit/pas-un-numero/").status_code == 404
