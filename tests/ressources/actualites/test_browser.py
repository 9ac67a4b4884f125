"""The news listing in a real Chromium: filters work with the keyboard alone (plain GET form, no script)."""
import pytest

from tests.browser.conftest import artifacts, live_demo, page  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_news(live_demo, search_index):
    from base_documentaire import demo as documentaire_demo
    from home.models import HomePage
    from ressources.actualites import demo

    home = HomePage.objects.get()
    documentaire_demo.load(home)
    demo.load(home)
    return live_demo


def test_filter_the_news_by_kind_with_the_keyboard(demo_news, page, artifacts):
    page.goto(demo_news + "/actualites/")
    assert page.get_by_role("heading", level=1).inner_text() == "Actualités"
    kind = page.get_by_role("group", name="Type").get_by_label("Lu, vu, entendu")
    kind.focus()
    page.keyboard.press("Space")
    assert kind.is_checked()
    page.get_by_role("button", name="Appliquer les filtres").press("Enter")
    page.wait_for_url("**/actualites/?*type=lu_vu_entendu*")
    assert page.get_by_role("status").inner_text().startswith("3 actualités")
    page.screenshot(path=str(artifacts / "actualites.png"), full_page=True)
    page.get_by_role("link", name="Éclairages sur les révoltes urbaines").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Éclairages sur les révoltes urbaines"
    page.screenshot(path=str(artifacts / "actualite.png"), full_page=True)
