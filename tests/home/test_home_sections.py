"""The home page of the full demo: editors' featured items, upcoming events, latest publications,
news and notices, and the documentary search box."""
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from base_documentaire.models import Notice
from home.models import HomePage
from ressources.agenda.models import EvenementPage


@pytest.fixture
def full_demo(db):
    call_command("load_demo", stdout=None)
    return HomePage.objects.get()


def _section(soup, heading_id):
    return soup.find(id=heading_id).find_parent("section")


def test_home_lists_what_the_site_holds_within_a_query_budget(client, full_demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(19):
        response = client.get("/")

    soup = BeautifulSoup(response.content, "html.parser")
    featured = _section(soup, "a-la-une")
    assert len(featured.select("article.card")) == len(full_demo.a_la_une) >= 3

    upcoming = [link.get_text(strip=True) for link in _section(soup, "home-agenda").find_all("a")]
    expected = (EvenementPage.objects.live().filter(date_fin__gte=timezone.now())
                .order_by("date_debut", "pk").values_list("title", flat=True)[:3])
    assert upcoming == list(expected) and len(upcoming) == 3

    assert len(_section(soup, "home-publications").find_all("li")) == 3
    assert len(_section(soup, "home-news").find_all("li")) == 3
    newest = Notice.objects.filter(live=True).order_by("-first_published_at", "-pk").first()
    assert _section(soup, "home-notices").find("a", string=newest.titre)

    [form] = soup.find_all("form", attrs={"role": "search"})  # one search box: the header's, documentary
    assert form["action"] == "/base-documentaire/" and form["method"] == "get"
    assert form.find("label", attrs={"for": "site-search-q"}).get_text(strip=True) == "Rechercher dans la base documentaire"
    assert [link.get_text(strip=True) for link in _section(soup, "home-infodoc").find_all("a")] == [
        "Poser une question", "Questions-réponses"]


def test_unpublished_and_past_items_leave_the_home_page(client, full_demo):
    event = EvenementPage.objects.live().filter(date_fin__gte=timezone.now()).order_by("date_debut").first()
    event.unpublish()
    past = EvenementPage.objects.filter(date_fin__lt=timezone.now()).first()

    soup = BeautifulSoup(client.get("/").content, "html.parser")
    titles = [link.get_text(strip=True) for link in _section(soup, "home-agenda").find_all("a")]
    assert event.title not in titles and past.title not in titles

    notice = Notice.objects.filter(live=True).first()
    full_demo.a_la_une = [("notice", {"notice": notice, "text": "À lire"})]
    full_demo.save_revision().publish()
    notice.unpublish()

    card = BeautifulSoup(client.get("/").content, "html.parser").select_one("#a-la-une ~ .cards article")
    assert notice.titre in card.get_text() and card.find("a") is None
