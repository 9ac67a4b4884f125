"""The home page's lists (upcoming events, latest publications, news) as cards in the real Chromium: three in a
row at 1,280 px, one column on a 375 px phone, an image where there is one (WebP loaded) and the typographic
placeholder otherwise; axe-core and 320 px. Screenshots: test-artifacts/home-1280.png, home-375.png."""
import pytest

from tests.browser import axe
from tests.browser.test_accessibility import a11y_page, empty_index, load_site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
SECTIONS = ("home-agenda", "home-publications", "home-news")
CARDS = """els => els.map(e => { const box = e.getBoundingClientRect();
    return {top: Math.round(box.top), left: Math.round(box.left), right: box.right, bottom: box.bottom}; })"""


@pytest.fixture
def home_with_an_image(live_demo, empty_index):
    """The whole demo, the soonest event illustrated (its title returned)."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from ressources.agenda.models import EvenementPage
    from ressources.agenda.queries import upcoming_events

    load_site(documentary=True, editorial=True, infodoc=True)
    event = upcoming_events(1)[0]
    image = Image.objects.create(title="Photo de la journée", file=get_test_image_file(size=(960, 540)))
    EvenementPage.objects.filter(pk=event.pk).update(image=image)
    return event.title


def cards(page, section):
    return page.locator(f"section:has(> h2#{section}) ul.cards > li.card")


def test_home_lists_are_cards_in_a_row_then_a_column(home_with_an_image, a11y_page, live_demo, artifacts):
    page = a11y_page
    page.goto(live_demo + "/")
    for section in SECTIONS:
        boxes = cards(page, section).evaluate_all(CARDS)
        assert len(boxes) == 3 and len({box["top"] for box in boxes}) == 1, (section, boxes)  # one row
        assert all(box["right"] <= 1280 for box in boxes)
    first = cards(page, "home-agenda").first
    assert first.locator("h3").inner_text() == home_with_an_image
    image = first.locator(".card-media img")
    image.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.currentSrc").endswith(".webp") and image.get_attribute("alt") == ""
    assert cards(page, "home-agenda").nth(1).locator(".card-placeholder").is_visible()
    page.screenshot(path=str(artifacts / "home-1280.png"), full_page=True)

    page.set_viewport_size({"width": 375, "height": 667})
    for section in SECTIONS:
        boxes = cards(page, section).evaluate_all(CARDS)
        assert len({box["left"] for box in boxes}) == 1 and boxes[0]["bottom"] <= boxes[1]["top"], section
    page.screenshot(path=str(artifacts / "home-375.png"), full_page=True)
    axe.assert_no_violations(page, "accueil (375 px)")
    axe.assert_fits_320(page, "accueil")

