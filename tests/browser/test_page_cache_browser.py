"""In the real Chromium, with the anonymous page cache on (production's database cache): a page served from the
cache keeps a policy without nonce, its scripts run with no CSP violation, and its basket form (a CSRF token
replaced for each visitor) works for a visitor who never saw the page built."""
import pytest
from django.core.cache import caches
from django.core.management import call_command

from crpv_site.settings.cache import DATABASE, pages_cache
from tests.browser.conftest import live_demo, page  # noqa: F401 (the browser suite's fixtures)
from tests.browser.test_csp_browser import visit, watch
from tests.base_documentaire.conftest import make_notice

pytestmark = pytest.mark.browser


@pytest.fixture
def cached_site(live_demo, settings):  # noqa: F811
    settings.CACHES = {"default": DATABASE, "pages": pages_cache(DATABASE)}
    settings.PAGE_CACHE_SECONDS = 600
    call_command("createcachetable", verbosity=0)
    caches["pages"].clear()
    from wagtail.models import Page

    from base_documentaire import indexing
    from base_documentaire.models import BaseDocumentairePage

    home = Page.objects.get(depth=2, slug="accueil")
    documentary = home.add_child(instance=BaseDocumentairePage(title="Base documentaire", slug="base-documentaire"))
    documentary.save_revision().publish()
    notice = make_notice("Le logement social dans les quartiers", annee=2021, type_document="guide")
    indexing.sync(refresh=True)
    yield {"url": live_demo, "notice": f"/base-documentaire/notices/{notice.pk}/"}
    caches["pages"].clear()


def test_a_cached_page_runs_its_scripts_without_violation_and_its_basket_form_works(cached_site, page):  # noqa: F811
    url = cached_site["url"] + cached_site["notice"]
    violations, scripts = watch(page), []
    page.on("response", lambda response: scripts.append((response.url, response.status))
            if response.request.resource_type == "script" else None)
    first = page.context.browser.new_context().new_page()
    assert first.goto(url).headers["x-cache"] == "MISS"  # built for another visitor
    first.context.close()
    answer = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert answer.headers["x-cache"] == "HIT"
    assert "nonce" not in answer.headers["content-security-policy"]
    assert scripts and all(status == 200 for _, status in scripts)  # every script of the copy loaded…
    if page.locator("header[data-menu]").count():  # …and ran: the menu's script marks the header
        assert page.locator("header[data-menu].menu-js").count() == 1
    page.get_by_role("button", name="Ajouter au panier").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="Retirer du panier").count() == 1  # the CSRF check passed
    visit(page, url)
    assert violations == []  # …with no violation of the policy
