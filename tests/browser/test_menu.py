"""The header's main menu on the demo's real menu (eleven entries): on one row at 1,280 px (bounding boxes), the
entries that do not fit in a « Plus » panel; behind the « Menu » disclosure button on a phone; shown in full
without JavaScript. Real Chromium; screenshots in test-artifacts/menu-*.png."""
import pytest

from tests.browser import axe
from tests.browser.chromium import launched, new_page
from tests.browser.test_accessibility import empty_index, load_site  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
WIDE, PHONE = {"width": 1280, "height": 800}, {"width": 375, "height": 667}
BOXES = """els => els.filter(e => e.offsetParent !== null).map(e => {
    const box = e.getBoundingClientRect(); return {text: e.innerText.trim(), top: box.top, left: box.left, right: box.right}; })"""


@pytest.fixture
def menu_titles(live_demo, empty_index):
    """The whole demo's menu: the root's in-menu pages, then the info-doc service's two links."""
    load_site(documentary=True, editorial=True, infodoc=True)
    from wagtail.models import Page

    home = Page.objects.get(depth=2)
    titles = list(home.get_children().live().in_menu().order_by("path").values_list("title", flat=True))
    return titles + ["Poser une question", "Questions-réponses"]


@pytest.fixture
def browser(menu_titles):
    with launched() as chromium:
        yield chromium


def row_entries(page):
    return page.locator(".main-nav > ul > li").evaluate_all(BOXES)


def test_menu_keeps_to_one_row_at_1280_px_with_the_rest_under_plus(browser, menu_titles, live_demo, artifacts):
    assert len(menu_titles) == 11
    page = new_page(browser, WIDE)
    page.goto(live_demo + "/")
    more = page.locator(".main-nav .menu-more")
    more.wait_for()  # shown by js/menu.js once the row is laid out
    row = row_entries(page)
    assert len({round(entry["top"]) for entry in row}) == 1, row  # one row
    assert row[-1]["text"] == "Plus" and row[-1]["right"] <= 1280 and len(row) >= 4
    page.screenshot(path=str(artifacts / "menu-1280.png"))

    more.locator("summary").click()
    panel = more.locator(".menu-more-list")
    panel.wait_for()
    in_panel = panel.locator("a").evaluate_all(BOXES)
    assert [entry["text"] for entry in row[:-1] + in_panel] == menu_titles  # every entry, in order
    assert all(0 <= entry["left"] and entry["right"] <= 1280 for entry in in_panel)
    page.screenshot(path=str(artifacts / "menu-1280-plus.png"))
    axe.assert_no_violations(page, "menu « Plus » ouvert")
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Plus"

    page.set_viewport_size(PHONE)  # below 62rem: the disclosure button, every entry in one column once opened
    page.locator(".main-nav").wait_for(state="hidden")
    page.wait_for_function("() => !document.querySelector('.menu-more-list li')")  # js/menu.js put them back
    page.get_by_role("button", name="Menu").click()
    page.locator(".main-nav").wait_for()
    column = row_entries(page)
    assert [entry["text"] for entry in column] == menu_titles
    assert len({round(entry["left"]) for entry in column}) == 1
    page.screenshot(path=str(artifacts / "menu-375-ouvert.png"))
    page.set_viewport_size(WIDE)  # and back: one row again
    more.wait_for()
    assert len({round(entry["top"]) for entry in row_entries(page)}) == 1


def test_without_javascript_the_menu_is_shown_in_full(browser, menu_titles, live_demo, artifacts):
    for viewport in (PHONE, WIDE):
        page = new_page(browser, viewport, javascript=False)
        page.goto(live_demo + "/")
        assert page.locator(".menu-toggle").is_hidden() and page.locator(".menu-more").is_hidden()
        assert [entry["text"] for entry in row_entries(page)] == menu_titles
        page.screenshot(path=str(artifacts / f"menu-{viewport['width']}-sans-js.png"))
