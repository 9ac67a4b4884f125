"""The alert form of a results page and the confirmation button in Chromium, with the keyboard only."""
import pytest

from tests.browser.conftest import artifacts, live_demo, page  # noqa: F401 (fixtures)
from tests.browser.test_infodoc_browser import in_thread
from tests.veille.conftest import link_to, path_of

pytestmark = pytest.mark.browser
READER = "awa.diallo@example.org"


@pytest.fixture
def documentary_site(live_demo):  # noqa: F811
    from wagtail.models import Page

    from base_documentaire import demo as documentaire_demo
    from base_documentaire import indexing
    from base_documentaire.documents import notice_schema
    from search.engines import get_engine

    get_engine().drop(notice_schema())
    documentaire_demo.load(Page.objects.get(depth=2, slug="accueil"))
    indexing.sync(refresh=True)
    yield live_demo
    get_engine().drop(notice_schema())


def alert_state():
    from django.db import connection

    from veille.models import Alerte

    try:
        return list(Alerte.objects.values_list("email", "frequence", "confirmee_le"))
    finally:
        connection.close()


def focused(page):  # noqa: F811
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def test_subscribe_from_the_results_and_confirm_with_the_keyboard(documentary_site, mailpit, page, artifacts):  # noqa: F811
    page.goto(documentary_site + "/base-documentaire/?q=égalité")
    form = page.locator("form.alert-subscribe")
    assert form.get_by_role("heading", name="Recevoir les nouveautés par e-mail").is_visible()
    page.get_by_label("Votre adresse e-mail").fill(READER)
    page.keyboard.press("Tab")
    assert focused(page) == "alerte-frequence"
    page.get_by_label("Fréquence").select_option(label="Quotidienne")
    page.keyboard.press("Tab")
    assert focused(page) == "Recevoir les nouveautés par e-mail"
    page.screenshot(path=str(artifacts / "veille-formulaire.png"), full_page=True)
    page.keyboard.press("Enter")
    page.wait_for_url("**/veille/abonnement/")
    assert page.get_by_role("heading", level=1).inner_text() == "Consultez votre messagerie"
    assert READER in page.get_by_role("status").inner_text()

    (confirmation,) = mailpit.wait_for(READER)
    page.goto(documentary_site + path_of(link_to(confirmation, "/veille/confirmation/")))
    assert in_thread(alert_state)[0][:2] == (READER, "quotidienne")
    assert in_thread(alert_state)[0][2] is None  # opening the link confirms nothing
    button = page.get_by_role("button", name="Confirmer mon alerte")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Votre alerte est confirmée"
    page.screenshot(path=str(artifacts / "veille-confirmation.png"), full_page=True)
    assert in_thread(alert_state)[0][2] is not None
