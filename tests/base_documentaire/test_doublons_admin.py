"""Handling possible duplicates: the admin pages, merge, keep both, permissions, bad input."""
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.contrib.redirects.models import Redirect

from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from base_documentaire.doublons import fusion
from base_documentaire.doublons.models import Doublon
from base_documentaire.models import (Contributeur, Exemplaire, Fichier, Notice, NoticeFichier, NoticeLien,
                                      PendingIndexUpdate)
from search.engines.base import SearchQuery

from .conftest import make_notice

NOTICES_URL = "/admin/snippets/base_documentaire/notice/"


@pytest.fixture
def centres(db):
    return {
        "vto": Contributeur.objects.create(code="vto", nom="Villes et Territoires Occitanie"),
        "reso": Contributeur.objects.create(code="reso", nom="RésO Villes"),
    }


def attach_file(notice, name):
    fichier = Fichier(title=name)
    fichier.file.save(name, ContentFile(b"%PDF-1.4 " + name.encode()), save=True)
    NoticeFichier.objects.create(notice=notice, fichier=fichier, sort_order=0)
    return fichier


@pytest.fixture
def pair(search_index, vocabulary, centres, documentary_page):
    """Two published notices of the same report, catalogued by two centres, each with its own
    file, copy, link, theme, territory and keyword."""
    v, c = vocabulary, centres
    old = make_notice("L'emploi des jeunes dans les quartiers prioritaires", annee=2021, contributeur=c["vto"],
                      external_id="V1", themes=[v["emploi"]], territoires=[v["occitanie"]],
                      auteurs=["Villes et Territoires Occitanie"])
    new = make_notice("Emploi des jeunes dans les quartiers prioritaires", annee=2021, contributeur=c["reso"],
                      external_id="R1", themes=[v["qpv"]], territoires=[v["bretagne"]], isbn="978-2-7297-1234-5",
                      resume="Actes de la journée régionale.")
    old_file, new_file = attach_file(old, "vto.pdf"), attach_file(new, "reso.pdf")
    Exemplaire.objects.create(notice=old, localisation=c["vto"], cote="EMP 12")
    Exemplaire.objects.create(notice=new, localisation=c["reso"], cote="R-34")
    NoticeLien.objects.create(notice=new, url="https://resovilles.example/emploi")
    new.mots_cles.add("jeunesse")
    new.save()
    for notice in (old, new):  # the children written above become part of the published revision
        notice = Notice.objects.get(pk=notice.pk)
        notice.save_revision().publish()
    indexing.sync(refresh=True)
    doublon = Doublon.objects.get()
    return {"doublon": doublon, "old": old, "new": new, "files": (old_file, new_file), **c}


def moderator(django_user_model, *groups):
    user = django_user_model.objects.create_user("camille", "camille@example.org", "pw")
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def search(engine, **filters):
    return engine.search(notice_schema(), SearchQuery(filters=filters, facets=("contributeur",)))


# -- merge ---------------------------------------------------------------------------------

def test_merge_keeps_files_copies_and_both_contributeurs_and_moves_the_rest(pair, admin_user, search_index,
                                                                           client):
    old, new = pair["old"], pair["new"]
    kept = fusion.merge(pair["doublon"].pk, old.pk, admin_user)

    kept = Notice.objects.get(pk=old.pk)
    assert not Notice.objects.filter(pk=new.pk).exists()
    assert {link.fichier.title for link in kept.fichiers.all()} == {"vto.pdf", "reso.pdf"}
    assert {(copy.localisation.code, copy.cote) for copy in kept.exemplaires.all()} == {("vto", "EMP 12"),
                                                                                       ("reso", "R-34")}
    assert kept.contributeur == pair["vto"] and list(kept.contributeurs_associes.all()) == [pair["reso"]]
    assert [link.url for link in kept.liens.all()] == ["https://resovilles.example/emploi"]
    assert {theme.nom for theme in kept.themes.all()} == {"Emploi et développement économique",
                                                          "Quartiers prioritaires"}
    assert {territory.nom for territory in kept.territoires.all()} == {"Occitanie", "Bretagne"}
    assert list(kept.mots_cles.names()) == ["jeunesse"]
    assert kept.isbn == "978-2-7297-1234-5" and kept.resume == "Actes de la journée régionale."  # empty fields filled
    assert [author.nom for author in kept.auteurs.all()] == ["Villes et Territoires Occitanie"]
    assert f"n° {new.pk}" in kept.note_privee and "R1" in kept.note_privee
    assert kept.live and not kept.has_unpublished_changes
    revision_object = kept.latest_revision.as_object()  # the next edit starts from the merged content
    assert len(revision_object.fichiers.all()) == 2 and len(revision_object.exemplaires.all()) == 2

    doublon = Doublon.objects.get()
    assert doublon.statut == Doublon.Statut.FUSIONNES and doublon.decide_par == admin_user
    assert doublon.conservee_numero == old.pk and doublon.decide_le is not None
    assert set(Fichier.objects.values_list("title", flat=True)) == {"vto.pdf", "reso.pdf"}

    # the search index follows through the outbox
    assert PendingIndexUpdate.objects.filter(notice_id__in=[old.pk, new.pk]).count() == 2
    indexing.sync(refresh=True)
    results = search(search_index)
    assert [hit.id for hit in results.hits] == [str(old.pk)]
    assert dict(results.facets["contributeur"]) == {"Villes et Territoires Occitanie": 1, "RésO Villes": 1}
    assert [hit.id for hit in search(search_index, contributeur=["RésO Villes"]).hits] == [str(old.pk)]

    # the removed notice's permalink leads to the kept one; the kept one names both centres
    response = client.get(f"/base-documentaire/notices/{new.pk}/")
    assert response.status_code == 301 and response["Location"].endswith(f"/base-documentaire/notices/{old.pk}/")
    page = client.get(f"/base-documentaire/notices/{old.pk}/").content.decode()
    assert "RésO Villes" in page and "Villes et Territoires Occitanie" in page


def test_merge_into_the_newer_notice(pair, admin_user):
    fusion.merge(pair["doublon"].pk, pair["new"].pk, admin_user)
    kept = Notice.objects.get()
    assert kept.pk == pair["new"].pk and kept.contributeur == pair["reso"]
    assert list(kept.contributeurs_associes.all()) == [pair["vto"]]
    assert kept.exemplaires.count() == 2 and kept.fichiers.count() == 2
    assert Redirect.objects.get().old_path == f"/base-documentaire/notices/{pair['old'].pk}"


def test_merge_from_the_admin(pair, admin_client):
    doublon = pair["doublon"]
    page = admin_client.get(f"/admin/doublons/{doublon.pk}/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.find("caption") and len(soup.select("input[name=garder]")) == 2
    text = soup.get_text()
    assert pair["old"].titre in text and pair["new"].titre in text and "RésO Villes" in text
    for radio in soup.select("input[name=garder]"):
        assert soup.find("label", attrs={"for": radio["id"]})

    response = admin_client.post(f"/admin/doublons/{doublon.pk}/fusionner/", {"garder": pair["old"].pk},
                                 follow=True)
    assert response.status_code == 200
    assert f"fusionnées dans la notice n° {pair['old'].pk}" in response.content.decode()
    assert Notice.objects.count() == 1


def test_merging_the_other_pairs_of_the_removed_notice_come_back_on_the_kept_one(pair, admin_user, centres):
    third = make_notice("Emploi des jeunes dans les quartiers prioritaires", annee=2021, contributeur=None)
    assert Doublon.objects.filter(statut=Doublon.Statut.A_TRAITER).count() == 3
    fusion.merge(pair["doublon"].pk, pair["old"].pk, admin_user)
    pending = Doublon.objects.filter(statut=Doublon.Statut.A_TRAITER)
    assert [(p.notice_id, p.candidat_id) for p in pending] == [(third.pk, pair["old"].pk)]


def test_a_submission_in_moderation_can_be_merged_into_the_published_notice(pair, admin_user):
    submitted = Notice.objects.get(pk=pair["new"].pk)
    submitted.resume = "Version proposée par le partenaire."
    submitted.save_revision(user=admin_user)
    workflow_state = submitted.get_workflow().start(submitted, admin_user)
    assert Notice.objects.get(pk=submitted.pk).workflow_in_progress
    fusion.merge(pair["doublon"].pk, pair["old"].pk, admin_user)
    assert list(Notice.objects.values_list("pk", flat=True)) == [pair["old"].pk]
    assert not type(workflow_state).objects.filter(pk=workflow_state.pk).exists()


# -- keep both -----------------------------------------------------------------------------

def test_keep_both_closes_the_pair_for_good(pair, admin_client):
    doublon = pair["doublon"]
    response = admin_client.post(f"/admin/doublons/{doublon.pk}/conserver/", follow=True)
    assert response.status_code == 200 and "ne sera plus signalée" in response.content.decode()
    doublon.refresh_from_db()
    assert doublon.statut == Doublon.Statut.CONSERVES and doublon.decide_par.username == "admin"
    new = Notice.objects.get(pk=pair["new"].pk)
    new.save()
    new.save_revision().publish()
    assert Doublon.objects.count() == 1 and Doublon.objects.get().statut == Doublon.Statut.CONSERVES
    assert Notice.objects.count() == 2


# -- admin listing and flags ---------------------------------------------------------------

def test_notices_listing_filters_and_flags_pending_duplicates(pair, admin_client, vocabulary):
    alone = make_notice("Un document sans doublon", annee=2020)
    response = admin_client.get(NOTICES_URL, {"doublons": "a_traiter"})
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert pair["old"].titre in text and alone.titre not in text
    assert f"/admin/doublons/{pair['doublon'].pk}/" in response.content.decode()
    assert alone.titre in admin_client.get(NOTICES_URL).content.decode()


def test_pairs_listing(pair, admin_client):
    menu = admin_client.get("/admin/").content.decode()
    assert "Doublons possibles" in menu and "/admin/doublons/" in menu
    response = admin_client.get("/admin/doublons/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "1 paire à traiter" in soup.get_text()
    assert soup.find("a", href=f"/admin/doublons/{pair['doublon'].pk}/")
    assert all(th.get("scope") == "col" for th in soup.select("thead th"))
    fusion.keep_both(pair["doublon"].pk, None)
    assert not BeautifulSoup(admin_client.get("/admin/doublons/").content, "html.parser").find(
        "a", href=f"/admin/doublons/{pair['doublon'].pk}/")
    assert admin_client.get("/admin/doublons/", {"statut": "conserves"}).content.decode().count(
        f"/admin/doublons/{pair['doublon'].pk}/") == 1


# -- permissions ---------------------------------------------------------------------------

def test_only_users_with_the_permission_can_merge(pair, client, django_user_model):
    editor = moderator(django_user_model, "Editors")
    client.force_login(editor)
    doublon = pair["doublon"]
    # Wagtail answers a permission denied in its admin by a redirect to the dashboard, with a message
    for response in (client.get(f"/admin/doublons/{doublon.pk}/"),
                     client.post(f"/admin/doublons/{doublon.pk}/fusionner/", {"garder": pair["old"].pk}),
                     client.post(f"/admin/doublons/{doublon.pk}/conserver/")):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Notice.objects.count() == 2 and Doublon.objects.get().statut == Doublon.Statut.A_TRAITER


def test_moderators_can_merge(pair, client, django_user_model):
    user = moderator(django_user_model, "Moderators")
    client.force_login(user)
    doublon = pair["doublon"]
    page = client.get(f"/admin/doublons/{doublon.pk}/")
    assert page.status_code == 200 and b'name="garder"' in page.content
    response = client.post(f"/admin/doublons/{doublon.pk}/fusionner/", {"garder": pair["new"].pk})
    assert response.status_code == 302
    assert list(Notice.objects.values_list("pk", flat=True)) == [pair["new"].pk]
    assert Doublon.objects.get().decide_par == user


# -- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize("garder", ["", "abc", "999999"])
def test_merge_needs_one_of_the_two_notices(pair, admin_client, garder):
    doublon = pair["doublon"]
    response = admin_client.post(f"/admin/doublons/{doublon.pk}/fusionner/", {"garder": garder}, follow=True)
    assert "Choisissez l’une des deux notices" in response.content.decode() or \
        "Choisissez l'une des deux notices" in response.content.decode()
    assert Notice.objects.count() == 2 and Doublon.objects.get().statut == Doublon.Statut.A_TRAITER


def test_a_notice_cannot_be_merged_with_itself(pair, admin_user):
    doublon = pair["doublon"]
    Doublon.objects.filter(pk=doublon.pk).update(candidat=pair["new"], candidat_numero=pair["new"].pk)
    with pytest.raises(fusion.DecisionError):
        fusion.merge(doublon.pk, pair["new"].pk, admin_user)
    assert Notice.objects.filter(pk=pair["new"].pk).exists()


def test_a_handled_pair_cannot_be_decided_again(pair, admin_user, admin_client):
    doublon = pair["doublon"]
    fusion.merge(doublon.pk, pair["old"].pk, admin_user)
    with pytest.raises(fusion.DecisionError, match="déjà été traitée"):
        fusion.merge(doublon.pk, pair["old"].pk, admin_user)
    with pytest.raises(fusion.DecisionError):
        fusion.keep_both(doublon.pk, admin_user)
    response = admin_client.post(f"/admin/doublons/{doublon.pk}/conserver/", follow=True)
    assert "déjà été traitée" in response.content.decode()
    assert admin_client.get(f"/admin/doublons/{doublon.pk}/").status_code == 200  # the decision stays readable


def test_a_pair_whose_notice_was_deleted_is_gone(pair, admin_user, admin_client):
    doublon = pair["doublon"]
    Notice.objects.get(pk=pair["new"].pk).delete()
    assert not Doublon.objects.exists()
    with pytest.raises(fusion.DecisionError):
        fusion.merge(doublon.pk, pair["old"].pk, admin_user)
    response = admin_client.post(f"/admin/doublons/{doublon.pk}/fusionner/", {"garder": pair["old"].pk},
                                 follow=True)
    assert response.status_code == 200 and "n’existe plus" in response.content.decode()


def test_no_merge_into_a_notice_with_changes_waiting(pair, admin_user):
    old = Notice.objects.get(pk=pair["old"].pk)
    old.resume = "Brouillon en cours"
    old.save_revision()
    with pytest.raises(fusion.DecisionError, match="publication"):
        fusion.merge(pair["doublon"].pk, old.pk, admin_user)
    assert Notice.objects.count() == 2
