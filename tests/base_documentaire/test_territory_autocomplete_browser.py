"""A documentalist chooses a notice's territories in the real Chromium with the keyboard alone: a
QPV by its official code, a commune by its name typed without accents nor hyphens, then saves."""
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.browser.conftest import artifacts, live_demo, page  # noqa: F401

pytestmark = pytest.mark.browser
PASSWORD = "motdepasse-Territoires-2026"
TITLE = "Diagnostic en marchant à la Muette"


@pytest.fixture
def territory_site(live_demo):
    from django.contrib.auth.models import User

    from base_documentaire.models import Notice, Territoire

    Territoire.objects.create(niveau="qpv", code="QN09512M", nom="La Muette")
    Territoire.objects.create(niveau="commune", code="95268", nom="Garges-lès-Gonesse")
    Territoire.objects.create(niveau="commune", code="95585", nom="Sarcelles")
    Territoire.objects.bulk_create(Territoire(niveau="commune", code=f"{20000 + n}", nom=f"Commune {n}",
                                              libelle=f"Commune {n} ({20 + n % 70})") for n in range(2000))
    User.objects.create_superuser("documentaliste", "doc@example.org", PASSWORD)
    notice = Notice.objects.create(titre=TITLE, live=False)
    return live_demo + f"/admin/snippets/base_documentaire/notice/edit/{notice.pk}/"


def log_in(page, url):
    page.goto(url)  # to the login page, then back
    page.fill("#id_username", "documentaliste")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(url)


def choose(page, combobox, typed, option_name):
    combobox.press_sequentially(typed, delay=30)
    option = page.get_by_role("option", name=option_name)
    option.wait_for()
    assert combobox.get_attribute("aria-expanded") == "true"
    while combobox.get_attribute("aria-activedescendant") != option.get_attribute("id"):
        combobox.press("ArrowDown")
    combobox.press("Enter")


def test_choose_two_territories_by_code_and_by_name_without_accents(territory_site, page, artifacts):
    log_in(page, territory_site)  # the notice's edit page
    page.get_by_role("tab", name="Indexation").click()
    combobox = page.get_by_role("combobox", name="Territoires")
    assert page.locator("select[name=territoires] option").count() == 0  # none of the 2,003 in the page

    combobox.focus()
    choose(page, combobox, "QN09512M", re.compile(r"^La Muette \(QN09512M\) .* · QN09512M$"))
    choose(page, combobox, "garges les gonesse", re.compile(r"^Garges-lès-Gonesse \(95\) Commune · 95268$"))
    page.screenshot(path=str(artifacts / "territory-autocomplete.png"), full_page=True)
    chosen = [text.replace("×", "").strip() for text in page.locator(".ts-control .item").all_inner_texts()]
    assert chosen == ["La Muette (QN09512M)", "Garges-lès-Gonesse (95)"]
    assert page.get_by_role("button", name="Retirer Garges-lès-Gonesse (95)").count() == 1

    combobox.press_sequentially("zzzz", delay=30)
    page.get_by_role("status").filter(has_text="Aucun territoire ne correspond.").wait_for()
    combobox.fill("")

    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer le brouillon").click()
    assert saved_territories(TITLE) == [  # one notice, with both
        ["Garges-lès-Gonesse (95)", "La Muette (QN09512M)"]]
    # The edit page shows them again, as the only options of the field.
    page.goto(territory_site)
    page.get_by_role("tab", name="Indexation").click()
    chosen = [text.replace("×", "").strip() for text in page.locator(".ts-control .item").all_inner_texts()]
    assert sorted(chosen) == ["Garges-lès-Gonesse (95)", "La Muette (QN09512M)"]
    assert page.locator("select[name=territoires] option").count() == 2


def saved_territories(titre):
    """Read from the database in a thread of its own: Playwright's event loop holds this one."""
    from django.db import connection

    from base_documentaire.models import Notice

    def read():
        try:
            notices = Notice.objects.filter(titre=titre)
            return [sorted(territory.libelle for territory in notice.territoires.all()) for notice in notices]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(read).result()
