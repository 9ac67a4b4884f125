"""The site's chrome in the real Chromium: the menu's disclosure button with the keyboard, the phone widths
(no horizontal scroll at 320 and 375 px, the header's height measured), the menu without JavaScript, the print
stylesheet, the admin's sign-in page in French. Screenshots and the measured heights go to test-artifacts/."""
import json

import pytest
from wagtail.models import Page

from base_documentaire.models import BaseDocumentairePage
from infodoc.models import DemandeInfoDocPage, QuestionsReponsesPage
from tests.browser.chromium import launched, new_page

pytestmark = pytest.mark.browser

HEADER_MAX_AT_375 = 200  # px: the header (brand, menu button, search box) before the menu opens; 455 px before
PAGES = ["/", "/le-centre/", "/accessibilite/", "/service-info-doc/demande-info-doc/"]


@pytest.fixture
def chrome_site(live_demo):
    home = Page.objects.get(depth=2, slug="accueil")
    base = home.add_child(instance=BaseDocumentairePage(title="Base documentaire", slug="base-documentaire"))
    base.save_revision().publish()
    service = home.get_children().get(slug="service-info-doc")
    form = service.add_child(instance=DemandeInfoDocPage(title="Poser une question au service info-doc",
                                                         slug="demande-info-doc"))
    form.save_revision().publish()
    answers = service.add_child(instance=QuestionsReponsesPage(title="Questions-réponses", slug="questions-reponses"))
    answers.save_revision().publish()
    return live_demo


def _overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _header_height(page):
    return page.evaluate("Math.round(document.querySelector('header.site-header').getBoundingClientRect().height)")


def test_phone_widths_fit_without_horizontal_scroll_and_a_small_header(chrome_site, page, artifacts):
    measures = {}
    for width in (320, 375):
        page.set_viewport_size({"width": width, "height": 740})
        for path in PAGES:
            page.goto(chrome_site + path)
            assert _overflow(page) == 0, f"{path} scrolls sideways at {width} px"
        page.goto(chrome_site + "/")
        measures[f"header_height_{width}px"] = _header_height(page)
        page.screenshot(path=str(artifacts / f"chrome-home-{width}.png"))
    assert measures["header_height_375px"] <= HEADER_MAX_AT_375
    (artifacts / "chrome-measures.json").write_text(json.dumps(measures, indent=2))


def test_menu_button_toggles_with_the_keyboard_and_says_so_with_aria_expanded(chrome_site, page, artifacts):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(chrome_site + "/")
    button = page.get_by_role("button", name="Menu")
    menu = page.get_by_role("navigation", name="Navigation principale")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()

    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('menu-toggle')"):
            break
    else:
        raise AssertionError("the menu button is not reachable with Tab")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and menu.is_visible()
    page.screenshot(path=str(artifacts / "chrome-menu-open-375.png"))
    for label in ("Le centre de ressources", "Poser une question", "Questions-réponses"):
        assert menu.get_by_role("link", name=label).is_visible()

    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    button.focus()
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "false"


def test_wide_screens_show_the_menu_and_no_button(chrome_site, page, artifacts):
    page.goto(chrome_site + "/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Questions-réponses").is_visible()
    search = page.get_by_role("search")
    assert search.count() == 1
    assert search.get_by_label("Rechercher dans la base documentaire").is_visible()
    page.screenshot(path=str(artifacts / "chrome-home-1280.png"))


def test_without_javascript_the_menu_is_shown_in_full(chrome_site, artifacts):
    with launched() as browser:
        page = new_page(browser, {"width": 375, "height": 740}, javascript=False, with_axe=False)
        page.goto(chrome_site + "/")
        assert not page.locator(".menu-toggle").is_visible()
        menu = page.get_by_role("navigation", name="Navigation principale")
        assert menu.get_by_role("link", name="Poser une question").is_visible()
        assert _overflow(page) == 0
        page.screenshot(path=str(artifacts / "chrome-home-375-nojs.png"))


def test_print_hides_the_chrome_and_writes_the_links_addresses(chrome_site, page, artifacts):
    page.goto(chrome_site + "/accessibilite/")
    page.emulate_media(media="print")
    for selector in ("header.site-header", "footer.site-footer", ".account-nav"):
        assert page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).display") == "none"
    after = page.evaluate("""getComputedStyle(document.querySelector('main article a[href^="http"]'), '::after').content""")
    assert after.startswith('" <') and after.endswith('>"')
    page.screenshot(path=str(artifacts / "chrome-print.png"), full_page=True)


def test_admin_sign_in_page_in_french_with_the_site_identity(chrome_site, page, artifacts):
    page.goto(chrome_site + "/admin/login/")
    assert page.get_by_label("Mot de passe").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Se connecter"
    assert page.get_by_text("Administration du site Centre de ressources politique de la ville").is_visible()
    page.set_viewport_size({"width": 320, "height": 740})
    assert _overflow(page) == 0
    assert "Password" not in page.locator("body").inner_text()
    page.screenshot(path=str(artifacts / "chrome-admin-login.png"))
