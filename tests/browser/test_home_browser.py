import pytest

pytestmark = pytest.mark.browser


def test_home_page_in_chromium_has_landmarks_and_keyboard_skip_link(page, live_demo, artifacts):
    page.goto(live_demo + "/")

    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("banner").count() == 1
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("contentinfo").count() == 1
    assert page.get_by_role("navigation", name="Navigation principale").is_visible()
    assert page.get_by_role("search").get_by_label("Rechercher sur le site").is_visible()

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()  # hidden off-screen until focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"

    page.screenshot(path=str(artifacts / "home.png"), full_page=True)
    assert (artifacts / "home.png").stat().st_size > 10_000


def test_search_from_the_header_box_in_chromium(page, live_demo):
    page.goto(live_demo + "/")
    page.get_by_label("Rechercher sur le site").fill("rendez-vous")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/?q=*")
    assert page.get_by_role("status").inner_text().startswith("1 résultat")
    page.get_by_role("main").get_by_role("link", name="Nos rendez-vous").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Nos rendez-vous"
