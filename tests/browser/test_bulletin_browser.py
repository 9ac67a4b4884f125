"""The bulletins' subscription form of the archive page and the confirmation button in Chromium, with the
keyboard only; the address is confirmed only by the button, not by opening the e-mail's link."""
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import artifacts, live_demo, page  # noqa: F401 (fixtures)
from tests.browser.test_infodoc_browser import in_thread
from tests.mailpit import links

pytestmark = pytest.mark.browser
READER = "awa.diallo@example.org"


@pytest.fixture
def archive_site(live_demo):  # noqa: F811
    """The demo site with the demo archive of bulletins (/bulletins-de-veille/)."""
    from wagtail.models import Page

    from veille.bulletins import demo as bulletins_demo

    bulletins_demo.load(Page.objects.get(depth=2, slug="accueil"))
    return live_demo


def subscriptions():
    from django.db import connection

    from veille.models import AbonnementBulletin

    try:
        return list(AbonnementBulletin.objects.values_list("email", "confirmee_le"))
    finally:
        connection.close()


def focused(page):  # noqa: F811
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def test_subscribe_on_the_archive_page_and_confirm_with_the_keyboard(archive_site, mailpit, page, artifacts):  # noqa: F811
    page.goto(archive_site + "/bulletins-de-veille/")
    form = page.locator("form.bulletin-subscribe")
    assert form.get_by_role("heading", name="Recevoir les bulletins par e-mail").is_visible()
    page.get_by_label("Votre adresse e-mail").fill(READER)
    page.keyboard.press("Tab")
    assert focused(page) == "M'abonner aux bulletins"
    page.screenshot(path=str(artifacts / "bulletin-abonnement.png"), full_page=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/bulletins-de-veille/abonnement/")
    assert page.get_by_role("heading", level=1).inner_text() == "Consultez votre messagerie"
    assert READER in page.get_by_role("status").inner_text()

    (confirmation,) = mailpit.wait_for(READER)
    (link,) = [href for href in links(confirmation) if "/veille/bulletins/confirmation/" in href]
    page.goto(archive_site + urlparse(link).path)
    assert in_thread(subscriptions) == [(READER, None)]  # opening the link confirms nothing
    button = page.get_by_role("button", name="Confirmer mon abonnement")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Votre abonnement est confirmé"
    page.screenshot(path=str(artifacts / "bulletin-confirmation.png"), full_page=True)
    assert in_thread(subscriptions)[0][1] is not None
