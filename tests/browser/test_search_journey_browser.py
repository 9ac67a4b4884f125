"""The documentary search as a new user tries it in the real Chromium: on a phone (375 px) the count and the
first result come before the facets, which wait folded in « Filtrer »; the results are a few Tab stops away;
facet trees unfold from the keyboard; chips remove their filter; ticked notices go to the basket or are
exported from the bar above the results, with JavaScript and without. Figures are printed (pytest -s) and
screenshots kept in test-artifacts/."""
import re

import pytest
from playwright.sync_api import expect

from base_documentaire import demo as documentaire_demo
from base_documentaire import facet_tree, indexing
from base_documentaire.documents import notice_schema
from search.engines import get_engine

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 667}
FIRST_RESULT = "ol.doc-results > li.doc-result"


@pytest.fixture
def documentary_site(live_demo):
    from wagtail.models import Page

    get_engine().drop(notice_schema())
    documentaire_demo.load(Page.objects.get(depth=2, slug="accueil"))
    indexing.sync(refresh=True)
    yield live_demo + "/base-documentaire/"
    get_engine().drop(notice_schema())


def tabs_to_first_result(page, limit=120):
    """How many presses of Tab, from the top of the freshly loaded page, put the focus in the first result."""
    page.locator("body").focus()
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('ol.doc-results > li:first-child')"):
            return presses
    return None


def test_on_a_phone_the_results_come_first_and_the_facets_wait_in_filtrer(documentary_site, page, artifacts):
    page.set_viewport_size(PHONE)
    page.goto(documentary_site)
    page.screenshot(path=str(artifacts / "search-journey-375.png"), full_page=True)
    first = page.locator(FIRST_RESULT).first
    top, title = first.bounding_box()["y"], first.locator("h3 a").bounding_box()
    print(f"\n375 px: first result at y = {top:.0f} px, its title ends at y = {title['y'] + title['height']:.0f} px")
    assert title["y"] + title["height"] <= PHONE["height"]  # its title above the fold (it was about 1,900 px down)
    panel = page.locator("details#filtres")
    expect(panel).not_to_have_attribute("open", re.compile(".*"))
    expect(page.locator(".facets input[type=checkbox]").first).to_be_hidden()
    heading = page.get_by_role("heading", name=re.compile(r"^\d+ notices$"))
    expect(heading).to_be_visible()  # the count keeps its heading role (the live region wraps it)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    tabs = tabs_to_first_result(page)
    print(f"375 px: first result reached after {tabs} Tab presses from the top of the page")
    assert tabs is not None and tabs < 39
    page.locator("#resultats").focus()  # where the skip link "Aller aux résultats" leads
    for presses in range(1, 6):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('ol.doc-results > li:first-child')"):
            break
    else:
        pytest.fail("the first result is more than 5 Tab stops after #resultats")
    print(f"375 px: first result {presses} Tab presses after the skip link's target")

    page.get_by_text("Filtrer", exact=True).click()
    expect(page.locator(".facets input[type=checkbox]").first).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(artifacts / "search-journey-375-filtrer.png"), full_page=True)


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(documentary_site, page, artifacts):
    page.goto(documentary_site)
    expect(page.locator("details#filtres")).to_have_attribute("open", "")
    facets, first = page.locator(".facets").bounding_box(), page.locator(FIRST_RESULT).first.bounding_box()
    assert facets["x"] + facets["width"] <= first["x"]  # a left column
    print(f"\n1280 px: first result at y = {first['y']:.0f} px, "
          f"{tabs_to_first_result(page)} Tab presses from the top")
    page.screenshot(path=str(artifacts / "search-journey-1280.png"), full_page=True)


def test_a_facet_tree_unfolds_from_the_keyboard_and_chips_remove_filters(documentary_site, page, monkeypatch,
                                                                         artifacts):
    monkeypatch.setattr(facet_tree, "SMALL_TREE", 0)  # every branch folded (the live server shares this process)
    page.goto(documentary_site)
    branch = page.locator("fieldset:has(legend:text-is('Territoire')) details.facet-branch").first
    broader = branch.locator("xpath=..").locator(":scope > .facet-value input").get_attribute("value")
    narrower = branch.locator("ul input[type=checkbox]").first
    expect(narrower).to_be_hidden()
    branch.locator(":scope > summary").focus()
    page.keyboard.press("Enter")
    expect(narrower).to_be_visible()
    value = narrower.get_attribute("value")
    narrower.focus()
    page.keyboard.press("Space")
    expect(narrower).to_be_checked()
    page.get_by_role("button", name="Appliquer les filtres").focus()
    page.keyboard.press("Enter")
    chip = page.get_by_role("link", name=f"Retirer le filtre Territoire : {value}")
    expect(chip).to_be_visible()
    # the selected value is shown unfolded under its broader one
    expect(page.locator(f".facets input[name=territoire][value='{value}']")).to_be_visible()
    assert broader != value
    page.screenshot(path=str(artifacts / "search-journey-tree.png"), full_page=True)

    page.locator("#doc-q").fill("quartiers")
    page.locator("#doc-q").press("Enter")
    expect(chip).to_be_visible()
    chip.click()
    expect(page.locator("a.chip")).to_have_count(0)
    assert page.locator("#doc-q").input_value() == "quartiers"
    page.locator(f".facets input[name=territoire][value='{broader}']").check()
    page.locator("input[name=annee_min]").fill("2015")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.locator("a.chip")).to_have_count(2)
    page.get_by_role("link", name="Réinitialiser les filtres").click()
    expect(page.locator("a.chip")).to_have_count(0)
    assert page.locator("#doc-q").input_value() == "quartiers"


@pytest.fixture
def infodoc_form(documentary_site):
    from wagtail.models import Page

    from infodoc.models import DemandeInfoDocPage

    home = Page.objects.get(depth=2, slug="accueil")
    return home.add_child(instance=DemandeInfoDocPage(title="Posez votre question", slug="posez-votre-question"))


def test_the_zero_result_state_offers_a_way_out(documentary_site, infodoc_form, page, artifacts):
    page.set_viewport_size(PHONE)
    page.goto(documentary_site + "?q=xylophonique")
    expect(page.get_by_role("heading", name="0 notice")).to_be_visible()
    expect(page.locator(".doc-empty")).to_contain_text("Aucune notice ne correspond à cette recherche.")
    expect(page.locator("ol.doc-results")).to_have_count(0)
    link = page.get_by_role("link", name="Posez votre question au service info-doc")
    expect(link).to_be_visible()
    page.screenshot(path=str(artifacts / "search-journey-zero.png"), full_page=True)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Posez votre question")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_ticked_notices_are_exported_and_put_in_the_basket_from_the_bar(documentary_site, page, artifacts,
                                                                        javascript):
    if not javascript:
        context = page.context.browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900},
                                                   java_script_enabled=False)
        page = context.new_page()
    page.goto(documentary_site)
    bar = page.locator(".selection-bar")
    assert bar.bounding_box()["y"] < page.locator(FIRST_RESULT).first.bounding_box()["y"]
    boxes = page.get_by_role("checkbox", name=re.compile("^Sélectionner « "))
    titles = [boxes.nth(n).get_attribute("id") for n in range(2)]
    expect(page.locator(".doc-select label").first).to_be_visible()  # « Sélectionner », visible
    boxes.nth(0).check()
    boxes.nth(1).check()
    if javascript:
        expect(bar.locator("[data-selection-count]")).to_have_text("2 notices sélectionnées")
        expect(bar).to_have_class(re.compile("has-selection"))
        page.screenshot(path=str(artifacts / "search-journey-selection.png"))
    bar.get_by_label("Format").select_option("ris")
    with page.expect_download() as download_info:
        bar.get_by_role("button", name="Exporter (notices sélectionnées)").click()
    with open(download_info.value.path(), encoding="utf-8") as exported:
        ris = exported.read()
    assert ris.count("ER  -") == 2, titles

    page.goto(documentary_site)
    boxes.nth(0).check()
    boxes.nth(1).check()
    bar.get_by_role("button", name="Ajouter au panier (notices sélectionnées)").click()
    expect(page.locator(".messages")).to_contain_text("2 notices ajoutées au panier.")
    expect(page.get_by_role("navigation", name="Compte lecteur")).to_contain_text("Panier (2 notices)")
    if not javascript:
        page.context.close()


def test_the_journey_passes_axe_and_fits_320_px(documentary_site, infodoc_form, page, artifacts):
    from tests.browser import axe

    axe.install(page.context)
    page.set_viewport_size(axe.NARROW)
    page.goto(documentary_site)
    page.locator("details#filtres > summary").click()
    page.locator(".facets > fieldset input[type=checkbox]").first.check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.locator("a.chip")).to_have_count(1)
    page.locator("details#filtres > summary").click()
    page.evaluate("() => document.querySelectorAll('details.facet-branch').forEach(branch => { branch.open = true; })")
    page.locator("ol.doc-results input[type=checkbox]").first.check()
    for state in ("filters, trees and a selection", "zero results"):
        found = axe.violations(page)
        assert found == [], f"{state}: {axe.describe(found)}"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= axe.NARROW["width"], state
        page.screenshot(path=str(artifacts / f"search-journey-320-{state.split()[0].rstrip(',')}.png"), full_page=True)
        page.goto(documentary_site + "?q=xylophonique")
