"""In the real Chromium, with the Content-Security-Policy enforced: the main public, reader and admin pages report
no violation (every `securitypolicyviolation` event of every frame, and every CSP message of the console, is
collected), and what needs JavaScript still works: the search's facets, the territory autocomplete (Tom Select),
the image and document choosers' modals, images served from the real MinIO."""
import re

import pytest
from django.core.files.base import ContentFile

from tests.browser.conftest import artifacts, live_demo, page  # noqa: F401 (the browser suite's fixtures)
from tests.lecteurs.conftest import PASSWORD as READER_PASSWORD
from tests.lecteurs.conftest import make_reader

pytestmark = pytest.mark.browser
ADMIN_PASSWORD = "motdepasse-Politique-2026"
LISTENER = """document.addEventListener("securitypolicyviolation", (event) => window.__cspViolation({
    directive: event.violatedDirective, blocked: event.blockedURI, source: event.sourceFile,
    line: event.lineNumber, disposition: event.disposition}));"""


@pytest.fixture
def csp_site(live_demo):
    """The whole demo (documentary base, editorial pages, info-doc), an administrator, a reader, a QPV."""
    from django.contrib.auth.models import User
    from wagtail.models import Page

    from base_documentaire import demo as documentaire_demo
    from base_documentaire import indexing
    from base_documentaire.documents import notice_schema
    from base_documentaire.models import Notice, Territoire
    from home import editorial_demo
    from infodoc import demo as infodoc_demo
    from search.engines import get_engine

    get_engine().drop(notice_schema())
    home = Page.objects.get(depth=2, slug="accueil")
    documentaire_demo.load(home)
    editorial_demo.load(home)
    request_page = infodoc_demo.load(home)
    indexing.sync(refresh=True)
    Territoire.objects.create(niveau="qpv", code="QN09512M", nom="La Muette")
    admin = User.objects.create_superuser("admin", "admin@example.org", ADMIN_PASSWORD)
    make_reader()
    one_page_of_each_type = {}
    for page in Page.objects.live().filter(depth__gte=2).specific().order_by("path"):
        one_page_of_each_type.setdefault(type(page).__name__, page.get_url())
    yield {"url": live_demo, "pages": one_page_of_each_type, "admin_menu": admin_menu_urls(admin), "notice": Notice.objects.filter(live=True).order_by("pk").first().pk,
           "home": home.pk, "page": Page.objects.get(depth=3, slug="le-centre").pk,
           "infodoc": request_page.url, "site": home.get_site().pk}
    get_engine().drop(notice_schema())


def admin_menu_urls(user):
    """Every address of the admin's menu (submenus included) as this user sees it."""
    from django.test import RequestFactory
    from wagtail.admin.menu import SubmenuMenuItem, admin_menu

    request = RequestFactory().get("/admin/")
    request.user = user
    urls, menus = [], [admin_menu]
    while menus:
        for item in menus.pop().menu_items_for_request(request):
            if isinstance(item, SubmenuMenuItem):
                menus.append(item.menu)
            elif item.url.startswith("/admin/"):
                urls.append(item.url)
    return sorted(set(urls))


def watch(page):
    """The list every CSP violation of this page (any frame, any later navigation) is appended to."""
    seen = []
    page.expose_binding("__cspViolation", lambda source, violation: seen.append(
        {"page": source["frame"].url, **violation}))
    page.add_init_script(LISTENER)
    page.on("console", lambda message: seen.append({"console": message.text})
            if "Content Security Policy" in message.text else None)
    return seen


def visit(page, url):
    """Open the page and let its scripts and requests run (a page that keeps polling is left after 10 s)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(url)
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except PlaywrightTimeout:
        pass


def test_public_and_reader_pages_report_no_violation(csp_site, page, artifacts):  # noqa: F811
    base, violations = csp_site["url"], watch(page)
    assert len(csp_site["pages"]) >= 15  # home, free pages, agenda, events, publications, annuaire, fiches…
    for url in csp_site["pages"].values():
        visit(page, base + url)
    visit(page, base + csp_site["infodoc"])
    visit(page, base + "/base-documentaire/")
    page.get_by_label("Mots, « expression exacte »").fill("quartiers")
    page.get_by_role("button", name="Rechercher", exact=True).last.click()
    page.locator(".facets input[type=checkbox]").first.check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_load_state("networkidle")
    assert re.fullmatch(r"\d+ notices?", page.get_by_role("status").inner_text())
    page.locator("main h3 a[href*='/notices/']").first.click()
    page.wait_for_load_state("networkidle")
    assert "/base-documentaire/notices/" in page.url
    assert page.locator("script[type='application/ld+json']:not([nonce])").count() == 1  # a data block: no nonce

    visit(page, base + "/compte/connexion/")
    page.fill("#id_login", "lectrice@example.org")
    page.fill("#id_password", READER_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    visit(page, base + "/mon-espace/")
    assert page.get_by_role("heading", level=1).count() == 1
    page.screenshot(path=str(artifacts / "csp-mon-espace.png"), full_page=True)
    assert violations == []

    # The policy is enforced, and the watcher sees it: an injected inline script is refused and reported.
    executed = page.evaluate("""() => { const script = document.createElement("script");
        script.textContent = "window.__injected = true"; document.body.append(script); return !!window.__injected; }""")
    page.wait_for_timeout(300)
    assert executed is False
    assert [violation.get("directive") for violation in violations if "directive" in violation] == ["script-src-elem"]


def png():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (120, 64), (0, 0, 145)).save(buffer, "PNG")
    return buffer.getvalue()


def log_in_admin(page, base):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base + "/admin/")
    page.wait_for_load_state("networkidle")


def choose_territory(page):
    page.get_by_role("tab", name="Indexation").click()
    combobox = page.get_by_role("combobox", name="Territoires")
    combobox.press_sequentially("QN09512M", delay=30)
    option = page.get_by_role("option", name=re.compile(r"^La Muette \(QN09512M\)"))
    option.wait_for()
    option.click()
    chosen = [text.replace("×", "").strip() for text in page.locator(".ts-control .item").all_inner_texts()]
    assert "La Muette (QN09512M)" in chosen


def open_chooser(page, button_name):
    page.get_by_role("button", name=button_name).first.click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    page.wait_for_load_state("networkidle")
    assert dialog.get_by_role("textbox").count() >= 1  # the chooser's search field: its modal script ran
    dialog.locator("button[data-dismiss=modal]").click()
    dialog.wait_for(state="hidden")


def test_admin_pages_report_no_violation_and_their_scripts_work(csp_site, page, artifacts):  # noqa: F811
    base, violations = csp_site["url"], watch(page)
    log_in_admin(page, base)
    visit(page, base + f"/admin/snippets/base_documentaire/notice/edit/{csp_site['notice']}/")
    choose_territory(page)
    page.screenshot(path=str(artifacts / "csp-notice-edit.png"), full_page=True)
    page.get_by_role("tab", name="Accès").click()
    page.get_by_role("button", name=re.compile("^Ajouter .*fichiers", re.I)).first.click()
    open_chooser(page, re.compile("^Choisir un document"))

    visit(page, base + f"/admin/pages/{csp_site['page']}/edit/")
    assert page.locator("#id_title").input_value()
    page.get_by_role("button", name="Afficher/masquer la prévisualisation").click()  # the live preview: a frame
    preview = page.frame_locator("#w-preview-iframe")
    preview.get_by_role("heading", level=1).wait_for()
    page.wait_for_load_state("networkidle")
    visit(page, base + f"/admin/settings/home/sitesettings/{csp_site['site']}/")
    open_chooser(page, "Choisir une image")
    assert len(csp_site["admin_menu"]) >= 20
    for path in (*csp_site["admin_menu"], "/admin/images/multiple/add/", "/admin/documents/multiple/add/", "/"):
        visit(page, base + path)  # every page of the menu, then the public home page with the editor's userbar
    assert violations == []


@pytest.fixture
def minio_logo(csp_site, settings):
    """The site's logo uploaded to the real MinIO (before Playwright starts: the ORM needs no event loop)."""
    from wagtail.images import get_image_model

    from home.models import SiteSettings
    from tests import services

    services.ensure_bucket()
    settings.STORAGES = services.s3_storages_setting()
    logo = get_image_model().objects.create(title="Logo", file=ContentFile(png(), name="logo-csp.png"))
    site_settings = SiteSettings.objects.get(site_id=csp_site["site"])
    site_settings.logo = logo
    site_settings.save()
    return services.require_env("AWS_S3_ENDPOINT_URL").rstrip("/")


@pytest.mark.services
def test_images_stored_on_minio_load_under_the_policy(csp_site, minio_logo, page):  # noqa: F811
    """The logo is a rendition served by MinIO, another origin: img-src names it, the image loads."""
    violations = watch(page)
    visit(page, csp_site["url"] + "/")
    image = page.locator("img.brand-logo")
    assert image.get_attribute("src").startswith(minio_logo + "/")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert violations == []
