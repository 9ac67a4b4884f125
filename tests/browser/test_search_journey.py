"""The search journey's loose ends in the real Chromium: a result showing « p. N » opens its notice with
« Rechercher dans ce document » filled and its pages listed (styled with the site's tokens, readable on a
phone, no axe-core violation); the site header's search box suggests thèmes and territories as a WAI-ARIA
combobox driven with the keyboard, and stays a plain search form without JavaScript; no CSP violation."""
import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Page

from base_documentaire import demo as documentaire_demo
from base_documentaire.documents import notice_schema
from search.engines import get_engine
from tests.browser import axe
from tests.browser.test_page_hits_browser import report_site  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
BRAND = "rgb(11, 79, 138)"  # --color-brand of site/static/css/site.css


@pytest.fixture
def documentary_site(live_demo):
    get_engine().drop(notice_schema())
    documentaire_demo.load(Page.objects.get(depth=2, slug="accueil"))
    yield live_demo
    get_engine().drop(notice_schema())


def csp_violations(page):
    """Console errors of the page's Content-Security-Policy, collected from now on."""
    found = []
    page.on("console", lambda message: found.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    return found


def test_a_result_with_pages_opens_its_notice_with_the_words_and_its_pages(report_site, page,  # noqa: F811
                                                                             artifacts):
    site, notice, fichier = report_site
    axe.install(page.context)
    refused = csp_violations(page)
    page.goto(site + "/base-documentaire/?q=programme+r%C3%A9novation")
    result = page.locator(f".doc-results h3 a[href*='/notices/{notice.pk}/']")
    expect(result).to_have_attribute("href", re.compile(r"[?&]dans=programme\+r%C3%A9novation"))
    hit = page.locator(".doc-results .page-hits > li").first
    expect(hit).to_be_visible()
    assert hit.evaluate("li => getComputedStyle(li).borderLeftColor") == BRAND  # page-hits.css, not the list's rules
    assert hit.evaluate("li => getComputedStyle(li).borderBottomStyle") == "none"
    result.click()
    page.wait_for_url(re.compile(rf"/notices/{notice.pk}/\?.*dans=programme\+r%C3%A9novation"))
    box = page.get_by_role("region", name="Rechercher dans ce document")
    expect(box.get_by_label("Mots à chercher dans les pages du document")).to_have_value("programme rénovation")
    expect(box.locator(".document-search-count")).to_have_text("2 pages trouvées")
    links = box.locator("a.page-hit-link")
    expect(links).to_have_count(2)
    assert {links.nth(index).get_attribute("href") for index in range(2)} == {
        f"{fichier.url}#page=37", f"{fichier.url}#page=120"}
    axe.assert_no_violations(page, "notice page with its document search filled")
    page.set_viewport_size({"width": 375, "height": 800})
    box.scroll_into_view_if_needed()
    box.screenshot(path=str(artifacts / "search-journey-document-search-375.png"))
    first = box.locator(".page-hits > li").first
    assert first.evaluate("li => getComputedStyle(li).flexDirection") == "column"  # « p. 37 » above its passage
    axe.assert_fits_320(page, "notice page with its document search filled")
    assert refused == []


def focus_header_box(page):
    box = page.locator("#site-search-q")
    expect(box).to_have_attribute("role", "combobox")  # the deferred script has enhanced it
    box.focus()
    return box


def active_option(page, box):
    active = box.get_attribute("aria-activedescendant")
    return page.locator(f"#{active}") if active else None


def move_to(page, box, label):
    for _ in range(25):
        page.keyboard.press("ArrowDown")
        option = active_option(page, box)
        if option and option.inner_text().startswith(label):
            return option
    raise AssertionError(f"no option {label!r} reached with ArrowDown")


def test_the_header_box_suggests_with_the_keyboard(documentary_site, page, artifacts):
    axe.install(page.context)
    refused = csp_violations(page)
    page.goto(documentary_site + "/")
    box = focus_header_box(page)
    assert box.get_attribute("aria-expanded") == "false" and box.get_attribute("aria-autocomplete") == "list"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    expect(listbox).to_have_attribute("role", "listbox")
    axe.assert_no_violations(page, "home page with the header's combobox")
    page.keyboard.type("occ")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("group", name="Territoires").get_by_role("option", name=re.compile("^Occitanie"))
           ).to_be_visible()
    page.screenshot(path=str(artifacts / "search-journey-header-suggestions.png"))
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    assert box.input_value() == "occ" and box.get_attribute("aria-activedescendant") is None
    move_to(page, box, "Occitanie")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/base-documentaire/\?territoire=Occitanie$"))
    expect(page.get_by_role("checkbox", name=re.compile("^Occitanie"))).to_be_checked()

    page.goto(documentary_site + "/recherche/")  # the site search's page: the header box is there too
    focus_header_box(page)
    page.keyboard.type("qpv")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("group", name="Thèmes").get_by_role("option", name="Quartiers prioritaires")
           ).to_be_visible()
    page.keyboard.press("Enter")  # no option chosen: the form searches the text
    page.wait_for_url(re.compile(r"/base-documentaire/\?q=qpv$"))
    expect(page.get_by_role("status")).to_contain_text("notice")
    assert refused == []


def test_the_header_box_on_a_phone(documentary_site, page, artifacts):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(documentary_site + "/")
    box = focus_header_box(page)
    page.keyboard.type("sant")
    expect(box).to_have_attribute("aria-expanded", "true")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    expect(listbox.get_by_role("option").first).to_be_visible()
    edges = listbox.bounding_box()
    assert edges["x"] >= 0 and edges["x"] + edges["width"] <= 375  # under the box, within the screen
    page.screenshot(path=str(artifacts / "search-journey-header-suggestions-375.png"))


def test_the_header_box_without_javascript_is_a_plain_search_form(documentary_site, page):
    page = page.context.browser.new_context(locale="fr-FR", java_script_enabled=False).new_page()
    page.goto(documentary_site + "/")
    box = page.locator("#site-search-q")
    assert box.get_attribute("role") is None and box.get_attribute("data-autocomplete-url")
    box.fill("égalité")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/base-documentaire/\?q=%C3%A9galit%C3%A9$"))
    expect(page.get_by_role("heading", level=2, name=re.compile(r"notices?$"))).to_be_visible()
