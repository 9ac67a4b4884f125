"""« Enregistrer le brouillon » on an add form while an autosave is under way saves one notice (one page), not
two: Wagtail's autosave posted the add form in the background and a click before its answer posted it again
(two notices; for a page, a 500 or « slug déjà utilisé »). The editors no longer autosave
(WAGTAIL_AUTOSAVE_INTERVAL = 0); these tests hold any autosave's answer back, as a slow one would be."""
import re

import pytest

from tests.browser.conftest import artifacts, live_demo, page  # noqa: F401 (the browser suite's fixtures)
from tests.browser.test_infodoc_browser import in_thread

pytestmark = pytest.mark.browser
PASSWORD = "motdepasse-Autosave-2026"
NOTICE_TITLE = "Habiter les quartiers anciens : une enquête de terrain"
PAGE_TITLE = "Nos partenaires de terrain"
# Wagtail's unsaved-changes controller takes its reference copy of the form 2 s after the page loads: what is
# typed earlier counts as unchanged and is never autosaved. The admin's CSP forbids evaluating strings, so that
# moment is read from an attribute this script sets.
WATCH_EDITS = """document.addEventListener("w-unsaved:watch-edits",
    () => document.documentElement.setAttribute("data-test-watching-edits", ""));"""


@pytest.fixture
def admin_site(live_demo):
    from django.contrib.auth.models import User
    from wagtail.models import Page

    User.objects.create_superuser("documentaliste", "doc@example.org", PASSWORD)
    return {"url": live_demo, "home": Page.objects.get(depth=2, slug="accueil").pk}


def log_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", "documentaliste")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base_url + "/admin/")


def is_autosave(request):
    return request.method == "POST" and request.headers.get("accept") == "application/json"


def save_draft_while_autosaving(page, add_url, fill_first, fill_rest, saved_url):
    """Fill an add form, then click « Enregistrer le brouillon » while the autosave the first field started
    has reached the server (which saved it) but not come back. Returns whether the form autosaves."""
    held = []  # the autosaves' answers, never given back to the page
    page.route(add_url, lambda route: held.append(route.fetch()) if is_autosave(route.request)
               else route.continue_())
    page.add_init_script(WATCH_EDITS)
    page.goto(add_url)
    page.locator("html[data-test-watching-edits]").wait_for(state="attached")
    autosaves = "w-autosave" in (page.locator("form[data-edit-form]").get_attribute("data-controller") or "")
    if autosaves:
        with page.expect_request(is_autosave):
            fill_first()
    else:
        fill_first()
    fill_rest()
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url(saved_url)
    return autosaves


def fill_title_and_slug(page, title, slug):
    from playwright.sync_api import expect

    page.fill("#id_title", title)
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value(slug)  # Wagtail fills it from the title after a blur


def count(model_path, **lookup):
    from django.db import connection
    from django.utils.module_loading import import_string

    try:
        return import_string(model_path).objects.filter(**lookup).count()
    finally:
        connection.close()


def test_save_draft_of_a_new_notice_while_an_autosave_runs_creates_one_notice(admin_site, page, artifacts):
    base = admin_site["url"]
    log_in(page, base)
    autosaves = save_draft_while_autosaving(
        page, base + "/admin/snippets/base_documentaire/notice/add/",
        lambda: page.fill("#id_titre", NOTICE_TITLE), lambda: page.fill("#id_annee", "2024"),
        re.compile(r".*/admin/snippets/base_documentaire/notice/edit/\d+/$"))
    page.screenshot(path=str(artifacts / "notice-autosave-saved.png"), full_page=True)
    assert in_thread(lambda: count("base_documentaire.models.Notice", titre=NOTICE_TITLE)) == 1
    assert not autosaves  # the add form never autosaves


def test_save_draft_of_a_new_page_while_an_autosave_runs_creates_the_page(admin_site, page, artifacts):
    base = admin_site["url"]
    log_in(page, base)
    autosaves = save_draft_while_autosaving(
        page, base + f"/admin/pages/add/home/standardpage/{admin_site['home']}/",
        lambda: fill_title_and_slug(page, PAGE_TITLE, "nos-partenaires-de-terrain"), lambda: None,
        re.compile(r".*/admin/pages/\d+/edit/$"))  # not the add form again with « slug déjà utilisé »
    assert in_thread(lambda: count("wagtail.models.Page", title=PAGE_TITLE)) == 1
    assert not autosaves
