"""The documentary search box's suggestions, used with the keyboard only in the real Chromium: the
WAI-ARIA combobox pattern (role, aria-expanded, aria-controls, aria-activedescendant, listbox of
labelled groups of options; Down, Up, Enter, Escape)."""
import re

import pytest
from wagtail.models import Page

from base_documentaire import demo as documentaire_demo
from base_documentaire.documents import notice_schema
from ressources.annuaire.models import Acteur, AnnuairePage
from search.engines import get_engine

pytestmark = pytest.mark.browser


@pytest.fixture
def site_with_directory(live_demo):
    get_engine().drop(notice_schema())
    home = Page.objects.get(depth=2, slug="accueil")
    documentaire_demo.load(home)
    directory = home.add_child(instance=AnnuairePage(title="Annuaire des acteurs", slug="annuaire"))
    directory.save_revision().publish()
    Acteur.objects.create(nom="Agence nationale de la cohésion des territoires", sigle="ANCT", slug="anct",
                          description="Opérateur de l'État.")
    yield live_demo
    get_engine().drop(notice_schema())


def focus_search_box_with_tab(page):
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "doc-q":
            return page.locator("#doc-q")
    raise AssertionError("the search box is not reachable with Tab")


def active_option(page, box):
    active = box.get_attribute("aria-activedescendant")
    return page.locator(f"#{active}") if active else None


def move_to(page, box, label, key="ArrowDown"):
    for _ in range(25):
        page.keyboard.press(key)
        option = active_option(page, box)
        if option and option.inner_text().startswith(label):
            return option
    raise AssertionError(f"no option {label!r} reached with {key}")


def test_keyboard_only_a_territory_then_a_theme_then_an_acteur(site_with_directory, page, artifacts):
    page.goto(site_with_directory + "/base-documentaire/")
    box = focus_search_box_with_tab(page)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox"

    page.keyboard.type("occ")
    page.wait_for_selector("#doc-q[aria-expanded=true]")
    group = listbox.get_by_role("group", name="Territoires")
    assert group.get_by_role("option", name=re.compile("^Occitanie")).is_visible()
    page.screenshot(path=str(artifacts / "search-autocomplete.png"))
    page.keyboard.press("ArrowDown")
    first = active_option(page, box)
    assert first.get_attribute("aria-selected") == "true" and first.get_attribute("role") == "option"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == "occ"
    assert box.get_attribute("aria-activedescendant") is None
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-expanded") == "true"
    move_to(page, box, "Occitanie")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"territoire=Occitanie"))
    assert page.locator("#f-territoire-1").is_checked() or page.get_by_role("checkbox", name=re.compile(
        "^Occitanie")).is_checked()
    assert int(page.get_by_role("status").inner_text().split()[0]) >= 1

    box = focus_search_box_with_tab(page)
    page.keyboard.type("qpv")
    page.wait_for_selector("#doc-q[aria-expanded=true]")
    assert listbox.get_by_role("group", name="Thèmes").get_by_role("option", name="Quartiers prioritaires")
    move_to(page, box, "Quartiers prioritaires", key="ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"theme=Quartiers\+prioritaires"))
    assert page.get_by_role("checkbox", name=re.compile("^Quartiers prioritaires")).is_checked()

    box = focus_search_box_with_tab(page)
    page.keyboard.press("Control+A")
    page.keyboard.type("cohésion terr")
    page.wait_for_selector("#doc-q[aria-expanded=true]")
    move_to(page, box, "Agence nationale de la cohésion des territoires")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/annuaire/anct/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Agence nationale de la cohésion")


def test_enter_without_a_chosen_option_searches_the_text(site_with_directory, page):
    page.goto(site_with_directory + "/base-documentaire/")
    focus_search_box_with_tab(page)
    page.keyboard.type("égalité")
    page.wait_for_selector("#doc-q[aria-expanded=true]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=%C3%A9galit%C3%A9"))
    assert page.get_by_role("status").inner_text().endswith("notices")
