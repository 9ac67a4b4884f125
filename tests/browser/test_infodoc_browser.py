"""The info-doc request form in Chromium: errors without losing input, territory autocomplete, reference."""
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.browser


@pytest.fixture
def request_url(live_demo):
    from home.models import HomePage
    from infodoc import demo

    cache.clear()
    page = demo.load(HomePage.objects.get())
    return live_demo + page.url


def in_thread(function):
    """Database reads from the test body: Playwright's event loop runs in this thread, so Django refuses
    synchronous queries here; a worker thread reads the committed data of the live server's database."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(function).result()


def latest_request():
    from django.db import connection

    from infodoc.models import DemandeInfoDoc

    try:
        demande = DemandeInfoDoc.objects.select_related("territoire").order_by("-pk").first()
        return DemandeInfoDoc.objects.count(), demande
    finally:
        connection.close()


def test_submit_the_request_form_in_chromium(request_url, mailpit, page, artifacts):

    page.goto(request_url)
    page.fill("#id_nom", "Awa Diallo")
    page.fill("#id_question", "Quels cabinets ont accompagné l'évaluation des contrats de ville ?")
    page.locator("form.infodoc-form button[type=submit]").click()

    alert = page.get_by_role("alert")
    assert alert.is_visible()
    assert alert.locator("a[href='#id_email']").count() == 1
    assert alert.locator("a[href='#id_consentement']").count() == 1
    assert page.input_value("#id_nom") == "Awa Diallo"  # nothing typed is lost
    before, _ = in_thread(latest_request)

    page.fill("#id_organisation", "Ville de Sarcelles")
    page.check("#id_type_structure_0")
    page.fill("#id_email", "awa.diallo@example.org")
    page.locator("#id_territoire_libelle").press_sequentially("sarcel", delay=50)
    # A locator, not wait_for_function: its string is eval'ed in the page, which the CSP (no 'unsafe-eval') refuses.
    page.locator("#infodoc-territoires option").first.wait_for(state="attached")
    assert page.locator("#infodoc-territoires option").first.get_attribute("value") == "Sarcelles (95)"
    page.fill("#id_territoire_libelle", "Sarcelles (95)")
    page.check("#id_consentement")
    page.screenshot(path=str(artifacts / "infodoc-form.png"), full_page=True)
    page.locator("form.infodoc-form button[type=submit]").click()

    page.wait_for_url("**/merci/")
    count, demande = in_thread(latest_request)
    assert count == before + 1
    assert re.fullmatch(r"ID-\d{4}-\d{4}", demande.reference)
    assert page.get_by_role("status").inner_text().endswith(demande.reference)
    assert demande.territoire.libelle == "Sarcelles (95)" and demande.email == "awa.diallo@example.org"
    (confirmation,) = mailpit.wait_for("awa.diallo@example.org")
    assert confirmation["Subject"] == f"Votre demande d'information {demande.reference}"
    page.screenshot(path=str(artifacts / "infodoc-merci.png"), full_page=True)


@pytest.fixture
def team_login(live_demo):
    from django.contrib.auth.models import Group, User

    from home.models import HomePage
    from infodoc import demo

    demo.load(HomePage.objects.get())
    user = User.objects.create_user("documentaliste", "doc@example.org", "motdepasse-demo")
    user.groups.add(Group.objects.get(name="Service info-doc"))
    return live_demo


def test_dashboard_charts_in_chromium(team_login, page, artifacts):
    page.goto(team_login + "/admin/login/")
    page.fill("#id_username", "documentaliste")
    page.fill("#id_password", "motdepasse-demo")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(team_login + "/admin/")
    page.goto(team_login + "/admin/service-info-doc/tableau-de-bord/?annee=2023")
    assert page.locator("#infodoc-total").inner_text() == "112"
    charts = page.get_by_role("img")
    assert page.locator("svg[role=img]").count() == 3
    assert page.locator("svg[role=img] rect").count() >= 20
    assert charts.first.is_visible()
    page.screenshot(path=str(artifacts / "infodoc-dashboard.png"), full_page=True)
