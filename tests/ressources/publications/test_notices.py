"""Every publication feeds the base documentaire: one notice per page, kept in step with it."""
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.http import QueryDict
from django.test import override_settings

from base_documentaire import indexing, search_service
from base_documentaire.models import Contributeur, Notice
from home.models import SiteSettings
from ressources.publications.models import LettreInformationPage, PublicationAuteur, PublicationFichier
from ressources.publications.notices import centre_contributeur

from .conftest import make_publication
from .test_pages import make_file


def search(text):
    """Titles found by the documentary search service (the /base-documentaire/ page's engine),
    once what was indexed so far is visible (OpenSearch shows documents after a refresh)."""
    indexing.sync(refresh=True)
    results = search_service.run(search_service.parse(QueryDict(f"q={text}")))
    return [notice.titre for notice, _highlights in results.notices]


@pytest.fixture
def published(index, vocabulary, contributeurs, search_index, django_capture_on_commit_callbacks):
    """A guide published through Wagtail; the index update runs as after a real commit."""
    with django_capture_on_commit_callbacks(execute=True):
        page = make_publication(
            index, "Intégrer l'égalité femmes-hommes dans les contrats de ville", kind="guide",
            resume="Un guide méthodologique pour les équipes projet.", themes=[vocabulary["sante"]],
            territoires=[vocabulary["herault"]],
            auteurs=[PublicationAuteur(nom="Villes et Territoires Occitanie")],
            fichiers=[PublicationFichier(fichier=make_file("Guide (PDF)")),
                      PublicationFichier(fichier=make_file("Budget interne", prive=True))])
    return page


def test_publishing_creates_a_searchable_notice_from_the_page(published, contributeurs):
    notice = Notice.objects.get(external_id=f"page-{published.pk}")
    assert published.notice == notice and notice.live
    assert (notice.titre, notice.type_document_id, notice.annee) == (published.title, "guide", 2023)
    assert notice.resume == "Un guide méthodologique pour les équipes projet."
    assert [author.nom for author in notice.auteurs.all()] == ["Villes et Territoires Occitanie"]
    assert [theme.nom for theme in notice.themes.all()] == ["Santé"]
    assert [territory.libelle for territory in notice.territoires.all()] == ["Hérault"]
    assert notice.contributeur == contributeurs["vto"]  # the oldest contributor, without a setting
    assert [link.url for link in notice.liens.all()] == [settings.WAGTAILADMIN_BASE_URL + published.url]
    assert not notice.liens.get().url.startswith("http://localhost")
    assert search("égalité contrats") == [published.title]


def test_private_files_never_reach_the_notice(published):
    notice = Notice.objects.get(pk=published.notice_id)
    assert [item.fichier.title for item in notice.fichiers.all()] == ["Guide (PDF)"]


def test_documentary_page_lists_the_publication(client, published, documentary_page):
    indexing.sync(refresh=True)
    response = client.get(documentary_page.url, {"q": "égalité femmes-hommes"})
    assert response.status_code == 200
    results = BeautifulSoup(response.content, "html.parser").select(".doc-results h3")
    assert [title.get_text().strip() for title in results] == [published.title]


def test_unpublishing_the_page_removes_its_notice_from_search(published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        published.unpublish()
    assert not Notice.objects.get(pk=published.notice_id).live
    assert search("égalité contrats") == []


def test_republishing_updates_the_same_notice(published, django_capture_on_commit_callbacks):
    notice_id = published.notice_id
    published.title = "Égalité femmes-hommes : le guide mis à jour"
    published.kind = "synthese"
    with django_capture_on_commit_callbacks(execute=True):
        published.save_revision().publish()
    assert Notice.objects.filter(external_id=f"page-{published.pk}").count() == 1
    notice = Notice.objects.get(pk=notice_id)
    assert (notice.titre, notice.type_document_id) == ("Égalité femmes-hommes : le guide mis à jour", "synthese")
    assert search("guide mis à jour") == ["Égalité femmes-hommes : le guide mis à jour"]


def test_republishing_after_unpublishing_brings_the_same_notice_back(published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        published.unpublish()
        published.save_revision().publish()
    assert Notice.objects.filter(external_id=f"page-{published.pk}").count() == 1
    assert search("égalité contrats") == [published.title]


def test_deleting_the_page_unpublishes_its_notice(published, django_capture_on_commit_callbacks):
    notice_id = published.notice_id
    with django_capture_on_commit_callbacks(execute=True):
        published.delete()
    assert not Notice.objects.get(pk=notice_id).live
    assert search("égalité contrats") == []


def test_deleting_the_index_unpublishes_the_notices_below_it(index, published, django_capture_on_commit_callbacks):
    notice_id = published.notice_id
    with django_capture_on_commit_callbacks(execute=True):
        index.delete()
    assert not Notice.objects.get(pk=notice_id).live


def test_a_draft_has_no_notice(index, contributeurs):
    page = make_publication(index, "Brouillon", publish=False)
    assert page.notice_id is None
    assert not Notice.objects.filter(external_id=f"page-{page.pk}").exists()


def test_newsletter_issue_notice_names_its_newsletter(newsletter, contributeurs):
    issue = make_publication(newsletter, "Parole habitante", model=LettreInformationPage, numero=7)
    notice = Notice.objects.get(pk=issue.notice_id)
    assert (notice.type_document_id, notice.collection) == ("revue", "Résonances, n° 7")


def test_the_setting_chooses_the_centre_contributor(db, contributeurs):
    with override_settings(CRPV_CONTRIBUTEUR_CODE="resovilles"):
        assert centre_contributeur() == contributeurs["resovilles"]


def test_without_any_contributor_one_is_created_from_the_site_settings(demo_site):
    assert not Contributeur.objects.exists()
    contributeur = centre_contributeur()
    name = SiteSettings.objects.get().organisation_name
    assert contributeur.nom == name and centre_contributeur() == contributeur


def test_a_copied_page_gets_its_own_notice(index, published):
    copy = published.copy(to=index, update_attrs={"slug": "copie", "title": "Copie du guide"}, keep_live=False)
    assert copy.specific.notice_id is None
    copy.specific.save_revision().publish()
    copy.refresh_from_db()
    assert copy.specific.notice_id not in (None, published.notice_id)
    assert Notice.objects.get(pk=published.notice_id).titre == published.title


def test_a_page_restricted_to_members_has_no_public_notice(published):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=published, restriction_type=PageViewRestriction.LOGIN)
    published.save_revision().publish()
    assert not Notice.objects.get(pk=published.notice_id).live


def test_moving_a_publication_updates_its_notice_link(index, published, demo_site):
    other = demo_site.add_child(instance=index.__class__(title="Archives", slug="archives"))
    other.save_revision().publish()
    published.move(other, pos="last-child")
    published.refresh_from_db()
    notice = Notice.objects.get(pk=published.notice_id)
    assert [link.url for link in notice.liens.all()] == [settings.WAGTAILADMIN_BASE_URL + published.url]
    assert "/archives/" in notice.liens.get().url


def test_a_fiche_without_abstract_is_summed_up_by_its_context(index, contributeurs):
    from ressources.publications.models import FicheExperiencePage

    fiche = make_publication(index, "Fiche", model=FicheExperiencePage,
                             contexte="<p>Dans l'Est du Val-d'Oise, <b>cinq villes</b> coopèrent.</p>")
    assert Notice.objects.get(pk=fiche.notice_id).resume == "Dans l'Est du Val-d'Oise, cinq villes coopèrent."
