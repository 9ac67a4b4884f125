"""A visitor searches the directory, narrows it by type, opens an acteur's page (real Chromium)."""
import pytest

from tests.browser.conftest import artifacts, live_demo, page  # noqa: F401  (browser fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture
def directory_site(live_demo):  # noqa: F811
    from wagtail.models import Page

    from base_documentaire import demo as documentaire_demo
    from ressources.annuaire import demo

    home = Page.objects.get(depth=2, slug="accueil")
    documentaire_demo.load(home)
    demo.load(home)
    return live_demo


def test_search_filter_and_open_an_acteur_without_javascript_tricks(directory_site, page, artifacts):  # noqa: F811
    page.goto(directory_site + "/annuaire/")
    page.locator("form.annuaire-search input[name=q]").fill("ressources")
    page.locator("form.annuaire-search button[type=submit]").click()
    found = page.locator(".acteurs-list h3 a").all_inner_texts()
    assert "RésO Villes" in found and "Fédération des centres sociaux du Val-d'Oise" in found
    assert "Ville de Sarcelles" not in found

    page.locator("input[name=type][value=centre_ressources]").check()
    page.locator("form.annuaire-filters button[type=submit]").click()
    assert page.locator("form.annuaire-search input[name=q]").input_value() == "ressources"  # search kept
    assert "Fédération des centres sociaux du Val-d'Oise" not in page.locator(".acteurs-list h3 a").all_inner_texts()
    assert "RésO Villes" in page.locator(".acteurs-list h3 a").all_inner_texts()
    page.screenshot(path=str(artifacts / "annuaire.png"), full_page=True)

    page.get_by_role("link", name="Villes et Territoires Occitanie").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Villes et Territoires Occitanie")
    assert page.get_by_role("link", name="contact@villesetterritoires.fr").first.is_visible()
