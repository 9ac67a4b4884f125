"""In the real Chromium: the sign-up form's accessibility, the confirmation e-mail's link, and the basket buttons
used from the keyboard alone."""
import re

import pytest
from playwright.sync_api import expect

from base_documentaire import demo as documentaire_demo
from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from search.engines import get_engine
from tests.browser.conftest import artifacts, live_demo, page  # noqa: F401 (the browser suite's fixtures)
from tests.lecteurs.conftest import PASSWORD
from tests.mailpit import links

pytestmark = pytest.mark.browser
EMAIL = "lectrice.clavier@example.org"
GUIDE = "Intégrer l'égalité femmes-hommes dans vos actions en politique de la ville"


@pytest.fixture
def documentary_site(live_demo, settings):  # noqa: F811
    from wagtail.models import Page

    settings.WAGTAILADMIN_BASE_URL = live_demo  # e-mails link to the server the browser uses
    get_engine().drop(notice_schema())
    documentaire_demo.load(Page.objects.get(depth=2, slug="accueil"))
    indexing.sync(refresh=True)
    yield live_demo
    get_engine().drop(notice_schema())


def test_sign_up_form_is_accessible_and_the_basket_works_from_the_keyboard(
        documentary_site, mailpit, page, artifacts):  # noqa: F811
    page.goto(documentary_site + "/")
    page.get_by_role("navigation", name="Compte lecteur").get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Création de compte")
    email, password = page.locator("#id_email"), page.locator("#id_password1")
    confirmation = page.locator("#id_password2")
    expect(email).to_have_accessible_name(re.compile("^E-mail"))
    expect(password).to_have_accessible_name(re.compile("^Mot de passe"))
    expect(password).to_have_accessible_description(re.compile("au minimum 8 caractères"))
    expect(confirmation).to_have_accessible_name(re.compile(r"^Mot de passe \(confirmation\)"))

    # Keyboard only: type, Tab to the next field, Enter submits.
    email.focus()
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type("12345678")
    page.keyboard.press("Tab")
    page.keyboard.type("12345678")
    page.keyboard.press("Enter")
    password = page.locator("#id_password1")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("Ce mot de passe est entièrement numérique"))
    page.screenshot(path=str(artifacts / "lecteurs-inscription-erreur.png"), full_page=True)

    password.fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_password2").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre adresse e-mail")

    (message,) = mailpit.wait_for(EMAIL)
    (link,) = {href for href in links(message) if "/compte/confirmer-email/" in href}
    assert link.startswith(documentary_site)
    page.goto(link)
    page.get_by_role("button", name="Confirmer").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")

    # The basket from the results, with the keyboard: the button follows the result's title in the tab order.
    page.goto(documentary_site + "/base-documentaire/?q=égalité")
    page.get_by_role("link", name=GUIDE).focus()
    page.keyboard.press("Tab")
    add = page.get_by_role("button", name=f"Ajouter au panier : « {GUIDE} »")
    expect(add).to_be_focused()
    notice_id = add.get_attribute("value")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=f"Retirer du panier : « {GUIDE} »")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="est dans votre panier")).to_be_visible()
    expect(page.get_by_role("navigation", name="Compte lecteur")).to_contain_text("Panier (1 notice)")
    assert page.url.endswith(f"#panier-{notice_id}")  # back at the same result
    page.screenshot(path=str(artifacts / "lecteurs-panier-resultats.png"), full_page=True)

    page.get_by_role("navigation", name="Compte lecteur").get_by_role("link", name="Panier (1 notice)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon panier")
    remove = page.get_by_role("button", name=f"Retirer du panier : « {GUIDE} »")
    remove.focus()
    page.keyboard.press("Space")
    expect(page.get_by_text("Votre panier est vide.")).to_be_visible()
