"""The territories in a real Chromium: find a fiche by level with the keyboard alone, read its key
figures table through its accessible name, follow a QPV to its own fiche."""
import pytest

from tests.browser.conftest import artifacts, live_demo, page  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_territoires(live_demo):
    from base_documentaire import demo as documentaire_demo
    from home.models import HomePage
    from ressources.territoires import demo

    home = HomePage.objects.get()
    documentaire_demo.load(home)
    demo.load(home)
    return live_demo


def test_find_a_departement_and_follow_its_qpv_with_the_keyboard(demo_territoires, page, artifacts):
    page.goto(demo_territoires + "/territoires/")
    assert page.get_by_role("heading", level=1).inner_text() == "Les territoires"
    page.get_by_label("Niveau").select_option("departement")
    page.get_by_role("button", name="Filtrer").press("Enter")
    page.wait_for_url("**/territoires/?*niveau=departement*")
    assert page.get_by_role("status").inner_text().startswith("3 fiches territoires")
    page.screenshot(path=str(artifacts / "territoires.png"), full_page=True)

    page.get_by_role("link", name="Val-d'Oise").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/territoires/val-d-oise/")
    table = page.get_by_role("table", name="Conventions territoriales globales (CTG) (2023)")
    assert table.get_by_role("rowheader").inner_text() == "Territoires concernés par la signature d'une CTG"
    assert table.get_by_role("cell").first.inner_text() == "80"
    page.screenshot(path=str(artifacts / "fiche-territoire.png"), full_page=True)

    page.get_by_role("link", name="Quartier prioritaire d'exemple de Cergy").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Quartier prioritaire d'exemple de Cergy"
