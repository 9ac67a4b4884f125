"""The home page's own lists (upcoming events, latest publications, news) as the index pages' cards, with their
images or the typographic placeholder, and the page's query budget (page cache off: what building it costs)."""
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from home.models import HomePage
from ressources.actualites.queries import latest_news
from ressources.agenda.queries import upcoming_events
from ressources.publications.queries import latest_publications

SECTIONS = {"home-agenda": "event-card", "home-publications": "publication-card", "home-news": "news-card"}


@pytest.fixture
def full_demo(db, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request builds the page: its own cost, never a cached copy
    call_command("load_demo", stdout=None)
    return HomePage.objects.get()


def _illustrate_first_of_each_list():
    """An image on the soonest event, a cover on the newest publication, an image on the newest news item."""
    image = Image.objects.create(title="Photo", file=get_test_image_file())
    for item, field in ((upcoming_events(1)[0], "image"), (latest_publications(1)[0], "cover"),
                        (latest_news(1)[0], "image")):
        type(item).objects.filter(pk=item.pk).update(**{field: image})
    return image


def _sections(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {heading_id: soup.find(id=heading_id).find_parent("section") for heading_id in SECTIONS}


def test_home_lists_are_cards_with_images_or_placeholders_under_their_h2(client, full_demo):
    _illustrate_first_of_each_list()
    sections = _sections(client.get("/"))

    for heading_id, card_class in SECTIONS.items():
        section = sections[heading_id]
        assert section.find("h2")["id"] == heading_id
        cards = section.select(f"ul.cards > li.card.{card_class}")
        assert len(cards) == 3, heading_id
        for card in cards:
            title = card.find(["h2", "h3", "h4"])
            assert title.name == "h3" and title.a["href"]  # one level below the section's heading
            assert card.select_one(".card-meta .card-type").get_text(strip=True)
        first, *others = cards
        sources = [source["srcset"] for source in first.select(".card-media picture source")]
        assert any(".webp" in src for src in sources), heading_id  # WebP with the JPEG fallback in <img>
        assert first.select_one(".card-media img")["src"].endswith((".jpg", ".jpeg", ".png"))
        assert not first.select(".card-placeholder")
        for card in others:
            placeholder = card.select_one(".card-media .card-placeholder")
            assert placeholder["aria-hidden"] == "true" and placeholder.get_text(strip=True)
            assert not card.select("img")

    event = upcoming_events(1)[0]
    first_event = sections["home-agenda"].select_one("li.card")
    assert first_event.h3.get_text(strip=True) == event.title
    assert first_event.find("time")["datetime"].startswith(event.date_debut.date().isoformat())


def test_home_page_query_budget(client, full_demo, django_assert_num_queries):
    """Built without the page cache, images on the three lists: one query per list (the events' sessions one
    more), the cards' renditions in one query for the three lists. Counted once the renditions exist (the first
    view creates them) and the site's root paths are cached, as on a running site. Same count on SQLite and
    PostgreSQL: 4 for Wagtail's routing (site, page, ancestors' aliases and view restrictions), the site settings,
    the header's pages, the private sections, events and sessions, publications, news, the renditions,
    notices, and the featured items' two page choosers."""
    _illustrate_first_of_each_list()
    assert client.get("/").status_code == 200
    with django_assert_num_queries(15):
        response = client.get("/")
    assert response.status_code == 200
    assert response.content.count(b".webp") >= 3
