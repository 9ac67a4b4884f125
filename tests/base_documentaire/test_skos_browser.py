"""A documentalist adds a related term to a theme in the real Chromium: Wagtail's chooser opens in
its multiple-selection mode, the term is searched, ticked, confirmed, then the theme is saved and
the link exists both ways."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.browser.conftest import artifacts, live_demo, page  # noqa: F401

pytestmark = pytest.mark.browser
PASSWORD = "motdepasse-Thesaurus-2026"


@pytest.fixture
def theme_site(live_demo):
    from django.contrib.auth.models import User

    from base_documentaire.models import Theme

    jardins = Theme.objects.create(nom="Jardins partagés")
    agriculture = Theme.objects.create(nom="Agriculture urbaine")  # saved one by one: in Wagtail's index
    Theme.objects.bulk_create(Theme(nom=f"Thème de remplissage {n}", slug=f"remplissage-{n}") for n in range(300))
    User.objects.create_superuser("documentaliste", "doc@example.org", PASSWORD)
    return live_demo + f"/admin/snippets/base_documentaire/theme/edit/{jardins.pk}/", agriculture.pk


def log_in(page, url):
    page.goto(url)
    page.fill("#id_username", "documentaliste")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(url)


def test_choose_a_related_term_in_the_chooser_and_save(theme_site, page, artifacts):
    url, agriculture = theme_site
    log_in(page, url)
    field = page.locator("[data-controller=related-terms-chooser]")
    assert field.get_by_text("Aucun terme associé.").is_visible()
    assert page.locator("text=Thème de remplissage 150").count() == 0  # the form never lists the thesaurus

    field.get_by_role("button", name="Ajouter des termes associés").click()
    modal = page.locator(".modal")
    modal.locator("#id_q").fill("Agricul")
    box = modal.locator(f"input[data-multiple-choice-select][value='{agriculture}']")
    box.wait_for()
    box.check()
    modal.get_by_role("button", name="Confirmer la sélection").click()
    chosen = field.get_by_role("checkbox", name="Agriculture urbaine")
    chosen.wait_for()
    assert chosen.is_checked() and not field.get_by_text("Aucun terme associé.").is_visible()
    page.screenshot(path=str(artifacts / "related-terms-chooser.png"), full_page=True)

    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").first.click()
    assert related("Jardins partagés") == ["Agriculture urbaine"]
    assert related("Agriculture urbaine") == ["Jardins partagés"]


def related(nom):
    """Read from the database in a thread of its own: Playwright's event loop holds this one."""
    from django.db import connection

    from base_documentaire.models import Theme

    def read():
        try:
            return sorted(Theme.objects.get(nom=nom).associes.values_list("nom", flat=True))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(read).result()
