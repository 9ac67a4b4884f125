"""The agenda on a phone, like the documentary search: the count and the events first (the first event's title
above the fold of a 375 × 667 screen, an iPhone SE/8's viewport), the filters in a « Filtrer » panel, active
filters as removable chips with « Réinitialiser »; the same without JavaScript; axe-core and 320 px with the panel
open. Real Chromium; screenshots in test-artifacts/agenda-*.png."""
import pytest

from tests.browser import axe
from tests.browser.chromium import launched, new_page
from tests.browser.test_accessibility import empty_index, load_site  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
PHONE, WIDE = {"width": 375, "height": 667}, {"width": 1280, "height": 900}
FOLD = 667  # the first event's title ends above this line (px from the top of the page)


@pytest.fixture
def agenda_url(live_demo, empty_index):
    from ressources.agenda.models import AgendaIndexPage

    load_site(documentary=True, editorial=True, infodoc=True)
    return live_demo + AgendaIndexPage.objects.live().get().url


@pytest.fixture
def browser(agenda_url):
    with launched() as chromium:
        yield chromium


def first_event_title(page):
    return page.locator("#resultats .event-list > li.card h3").first


def apply_first_kind(page):
    """Open « Filtrer », tick the first kind of event and apply: the page comes back with one chip."""
    page.locator("#filtres > summary").click()
    kind = page.locator("#filtres input[name=type]").first
    kind.check()
    label = page.locator(f"label[for='{kind.get_attribute('id')}']").inner_text().strip()
    page.locator("#filtres button[type=submit]").click()
    page.locator("a.chip").wait_for()
    return label


def test_on_a_phone_the_events_come_first_and_filters_fold_into_filtrer(browser, agenda_url, artifacts):
    page = new_page(browser, PHONE)
    page.goto(agenda_url)
    count = page.locator("#results-title")
    title = first_event_title(page)
    assert count.bounding_box()["y"] < title.bounding_box()["y"]
    box = title.bounding_box()
    assert box["y"] + box["height"] <= FOLD, box  # the first event's title is seen without scrolling
    assert page.locator("#filtres > summary").inner_text().strip() == "Filtrer"
    assert page.locator("#filtres form").is_hidden()
    page.screenshot(path=str(artifacts / "agenda-375.png"))

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Aller aux résultats"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'resultats'")

    before = count.inner_text()
    label = apply_first_kind(page)
    chip = page.locator("a.chip")
    assert chip.count() == 1 and label in chip.inner_text()
    assert " ".join(page.locator("#filtres > summary").text_content().split()) == "Filtrer (1)"
    assert count.inner_text() != before and label in count.inner_text()
    page.screenshot(path=str(artifacts / "agenda-375-filtre.png"))
    page.locator("#filtres > summary").click()
    page.locator("#filtres form").wait_for()
    page.screenshot(path=str(artifacts / "agenda-375-filtres-ouverts.png"), full_page=True)
    axe.assert_no_violations(page, "agenda filtré, panneau ouvert (375 px)")
    axe.assert_fits_320(page, "agenda filtré, panneau ouvert")

    chip.click()  # removes its filter
    page.locator("a.chip").wait_for(state="detached")
    assert count.inner_text() == before and "type=" not in page.url
    apply_first_kind(page)
    page.get_by_role("link", name="Réinitialiser les filtres").click()
    page.locator("a.chip").wait_for(state="detached")
    assert count.inner_text() == before


def test_on_a_wide_screen_the_filters_are_open_beside_the_events(browser, agenda_url, artifacts):
    page = new_page(browser, WIDE)
    page.goto(agenda_url)
    page.locator("#filtres[open] form").wait_for()  # search.js opens the panel on wide screens
    filters, results = page.locator("#filtres form").bounding_box(), page.locator("#resultats").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]  # a left column
    page.screenshot(path=str(artifacts / "agenda-1280.png"))
    axe.assert_no_violations(page, "agenda (1280 px)")


def test_without_javascript_the_filtrer_panel_and_chips_work(browser, agenda_url, artifacts):
    page = new_page(browser, PHONE, javascript=False)
    page.goto(agenda_url)
    assert page.locator("#filtres form").is_hidden()
    label = apply_first_kind(page)  # <details> opens natively, the form submits
    assert label in page.locator("a.chip").inner_text()
    page.screenshot(path=str(artifacts / "agenda-375-sans-js.png"))
    page.get_by_role("link", name="Réinitialiser les filtres").click()
    page.locator("a.chip").wait_for(state="detached")
