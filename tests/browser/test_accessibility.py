"""Every public page passes axe-core (WCAG 2.0/2.1 A and AA) with no violation and fits 320 px without
horizontal scroll, in the real Chromium; a screenshot of each (1280 px and 320 px) is kept in test-artifacts/."""
from urllib.parse import urlsplit

import pytest

from tests.browser import axe
from tests.browser.accessibility_data import READER_EMAIL, READER_PASSWORD, load_reader, page_urls
from tests.browser.chromium import launched, new_page

pytestmark = pytest.mark.browser


def load_site(documentary=False, editorial=False, infodoc=False, reader=False):
    """The parts of the demo a test needs (the whole demo takes about a minute and a half to load)."""
    from django.core.cache import cache
    from wagtail.models import Page

    from base_documentaire import demo as documentaire_demo
    from base_documentaire import indexing
    from home import editorial_demo
    from infodoc import demo as infodoc_demo

    home = Page.objects.get(depth=2, slug="accueil")
    if documentary:
        documentaire_demo.load(home)
        indexing.sync(refresh=True)
    if editorial:
        editorial_demo.load(home)
    if infodoc:
        infodoc_demo.load(home)
    alert_url = load_reader() if reader else ""
    cache.clear()  # pages cached while loading
    return {"urls": page_urls() if editorial else [], "alert": urlsplit(alert_url).path}


@pytest.fixture
def empty_index(live_demo):
    from base_documentaire.documents import notice_schema
    from search.engines import get_engine

    get_engine().drop(notice_schema())
    yield
    get_engine().drop(notice_schema())


@pytest.fixture
def full_demo(live_demo, empty_index):
    """The whole demo: documentary base (indexed), editorial pages, info-doc."""
    return load_site(documentary=True, editorial=True, infodoc=True)


@pytest.fixture
def infodoc_demo(live_demo):
    from django.core.cache import cache
    from wagtail.models import Page

    from infodoc import demo
    from infodoc.models import DemandeInfoDocPage

    demo.load(Page.objects.get(depth=2, slug="accueil"))
    cache.clear()
    return DemandeInfoDocPage.objects.live().get().url


@pytest.fixture
def reader_demo(live_demo, empty_index):
    """The documentary base and a reader with a basket, a saved search and an alert."""
    return load_site(documentary=True, reader=True)


@pytest.fixture
def a11y_page(live_demo):
    """A Chromium page whose context injects axe-core into every document. Ask for it after the data
    fixtures (see conftest's `page`)."""
    yield from axe_page()


@pytest.fixture
def bare_page():
    yield from axe_page()


def axe_page():
    with launched() as browser:
        yield new_page(browser)


def check(page, name, artifacts):
    """axe and the 320 px reflow on the page as it is; screenshots at 1280 and 320 px. Returns the problems."""
    problems = []
    for assertion in (axe.assert_no_violations, axe.assert_fits_320):
        try:
            assertion(page, f"{name} ({page.url})")
        except AssertionError as error:
            problems.append(str(error))
    page.screenshot(path=str(artifacts / f"a11y-{name}.png"), full_page=True)
    size = page.viewport_size
    page.set_viewport_size(axe.NARROW)
    page.screenshot(path=str(artifacts / f"a11y-{name}-320.png"), full_page=True)
    page.set_viewport_size(size)
    return problems


def visit(page, url, name, artifacts):
    response = page.goto(url)
    assert response.status == 200, f"{name}: {url} answered {response.status}"
    return check(page, name, artifacts)


def test_the_helpers_report_each_violation_and_a_page_wider_than_320_px(bare_page):
    bare_page.goto("about:blank")
    bare_page.set_content('<html lang="fr"><head><title>T</title></head><body><main><img src="x.png">'
                          '<input type="text"><div style="width: 400px">large</div></main></body></html>')
    with pytest.raises(AssertionError) as failed:
        axe.assert_no_violations(bare_page, "essai")
    assert "- image-alt (critical): Images must have alternative text" in str(failed.value)
    assert "- label (critical)" in str(failed.value) and "    input: " in str(failed.value)
    with pytest.raises(AssertionError, match=r"essai: 40\d px wide at 320 px; widest elements: \['div"):
        axe.assert_fits_320(bare_page, "essai")
    bare_page.set_content('<html lang="fr"><head><title>T</title></head><body><main><h1>Bien</h1></main></body></html>')
    axe.assert_no_violations(bare_page)
    axe.assert_fits_320(bare_page)


def test_public_pages_have_no_axe_violation_and_fit_320_px(full_demo, a11y_page, live_demo, artifacts):
    problems = []
    for name, path in full_demo["urls"]:
        problems += visit(a11y_page, live_demo + path, name, artifacts)
    urls = dict(full_demo["urls"])
    problems += open_filters_on_a_phone(a11y_page, live_demo + urls["recherche-facettes"], artifacts)
    problems += open_filters_on_a_phone(a11y_page, live_demo + urls["agenda"] + "?type=formation", artifacts,
                                        "agenda-filtres-ouverts")
    assert not problems, "\n\n".join(problems)


def open_filters_on_a_phone(page, url, artifacts, name="recherche-filtres-ouverts"):
    """At 320 px the search's and the agenda's filters fold into a « Filtrer » panel (a <details>): opened, with
    their chips, they pass too."""
    page.set_viewport_size(axe.NARROW)
    page.goto(url)
    toggle = page.locator("details.doc-filters > summary")
    if toggle.count() == 0:  # the facets are not folded: already checked open
        page.set_viewport_size({"width": 1280, "height": 900})
        return []
    toggle.click()
    assert page.locator("details.doc-filters[open]").count() == 1
    page.set_viewport_size({"width": 1280, "height": 900})
    return check(page, name, artifacts)


def test_infodoc_form_error_state(infodoc_demo, a11y_page, live_demo, artifacts):
    """After a failed submission: the error summary has the focus, and the page still passes."""
    a11y_page.goto(live_demo + infodoc_demo)
    a11y_page.fill("#id_territoire_libelle", "Nulle-Part-sur-Mer")
    a11y_page.locator("form.infodoc-form button[type=submit]").click()
    a11y_page.wait_for_load_state("load")
    summary = a11y_page.locator("#infodoc-erreurs")
    summary.wait_for()
    assert a11y_page.evaluate("() => document.activeElement.id") == "infodoc-erreurs"
    territory = a11y_page.locator("#id_territoire_libelle")
    assert territory.get_attribute("aria-invalid") == "true"
    assert "id_territoire_libelle-errors" in territory.get_attribute("aria-describedby").split()
    problems = check(a11y_page, "infodoc-erreurs", artifacts)
    assert not problems, "\n\n".join(problems)


def test_reader_pages_have_no_axe_violation_and_fit_320_px(reader_demo, a11y_page, live_demo, artifacts):
    page = a11y_page
    problems = visit(page, live_demo + "/compte/inscription/", "inscription", artifacts)
    page.fill("#id_email", "nouveau.lecteur@example.org")
    page.fill("#id_password1", "1234")  # too short, numeric: the form's errors
    page.fill("#id_password2", "1234")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#id_password1[aria-invalid=true]").count() == 1
    problems += check(page, "inscription-erreurs", artifacts)
    problems += visit(page, live_demo + "/compte/connexion/", "connexion", artifacts)
    page.fill("input[name=login]", READER_EMAIL)
    page.fill("input[name=password]", READER_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mon-espace/")
    problems += check(page, "mon-espace", artifacts)
    problems += visit(page, live_demo + "/mon-espace/panier/", "panier", artifacts)
    problems += visit(page, live_demo + "/veille/abonnement/?q=quartiers", "alerte-abonnement", artifacts)
    problems += visit(page, live_demo + reader_demo["alert"], "alerte-gerer", artifacts)
    assert not problems, "\n\n".join(problems)
