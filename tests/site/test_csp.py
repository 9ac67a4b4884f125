"""The Content-Security-Policy header (django-csp, crpv_site.csp): strict and nonce-based on the public site and
the readers' pages, relaxed only as far as Wagtail's admin needs under /admin/, with the files' origin when they
live on S3, and the error pages' own inline style allowed by its hash."""
import base64
import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User

from crpv_site.csp import storage_origin
from crpv_site.settings import csp as csp_settings
from crpv_site.settings.storage import S3_BACKEND
from tests import services
from tests.lecteurs.conftest import documentary_page, make_reader, notices  # noqa: F401 (fixtures)

HEADER = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"
ROOT = Path(__file__).resolve().parents[2]
STRICT = {"default-src": "'self'", "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'",
          "frame-ancestors": "'none'", "font-src": "'self'", "connect-src": "'self'"}


def policy(response, header=HEADER):
    """{directive: [sources]} of the response's policy."""
    assert header in response, f"no {header}"
    directives = (part.strip().split() for part in response[header].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def nonce_of(directives):
    nonces = [source for source in directives["script-src"] if source.startswith("'nonce-")]
    assert len(nonces) == 1, directives["script-src"]
    return nonces[0].removeprefix("'nonce-").removesuffix("'")


def assert_strict(directives):
    for name, source in STRICT.items():
        assert directives[name] == [source], (name, directives[name])
    assert directives["img-src"][:2] == ["'self'", "data:"]
    assert directives["style-src"][0] == "'self'"
    every_source = [source for sources in directives.values() for source in sources]
    assert "'unsafe-inline'" not in every_source and "'unsafe-eval'" not in every_source
    assert "blob:" not in every_source and "*" not in every_source


@pytest.fixture
def site_pages(demo_site, documentary_page, notices):  # noqa: F811
    return {"home": "/", "search": "/base-documentaire/?q=logement",
            "notice": f"/base-documentaire/notices/{notices['logement'].pk}/", "site_search": "/recherche/?q=centre"}


def assert_scripts_from_self_or_nonce(directives, nonce_expected):
    """django-csp names a nonce only when the page used it: a page without inline script gets 'self' alone."""
    assert directives["script-src"][0] == "'self'"
    if nonce_expected:
        assert len(nonce_of(directives)) >= 22  # 16 random bytes, base64
    else:
        assert directives["script-src"] == ["'self'"]


def test_public_pages_have_a_strict_policy_with_a_nonce_where_they_have_an_inline_script(client, site_pages):
    for name, url in site_pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        directives = policy(response)
        assert_strict(directives)
        assert_scripts_from_self_or_nonce(directives, nonce_expected=False)  # public pages may be cached whole


def test_the_notice_pages_json_ld_is_a_data_block_without_nonce_and_the_policy_names_none(client, site_pages):
    """A <script type="application/ld+json"> is a data block: browsers never run it, so script-src does not apply
    (HTML's "prepare the script element" stops before the CSP check): no nonce, a policy that a cached copy may
    repeat (crpv_site.page_cache never stores a page whose policy names a nonce)."""
    response = client.get(site_pages["notice"])
    assert policy(response)["script-src"] == ["'self'"]
    scripts = BeautifulSoup(response.content, "html.parser").find_all("script")
    inline = [script for script in scripts if not script.get("src")]
    assert [script.get("type") for script in inline] == ["application/ld+json"]
    assert inline[0].get("nonce") is None


def offences(text):
    """Inline scripts without the nonce, inline event handlers, javascript: URLs and style attributes (classes
    instead) in a template's text."""
    found = [tag for tag in re.findall(r"<script\b[^>]*>", text)
             if "src=" not in tag and "csp_nonce" not in tag and 'type="application/ld+json"' not in tag]
    found += re.findall(r"<[^>]*\s(?:on[a-z]+|style)\s*=[^>]*>", text)
    return found + re.findall(r"javascript:", text)


def product_templates():
    """Every HTML template of the product's apps, e-mails left out (they are not pages)."""
    for folder in sorted(path for path in ROOT.iterdir() if path.is_dir() and not path.name.startswith(".")):
        for template in folder.glob("**/templates/**/*.html"):
            if not re.search(r"/(emails?|mail)/", template.as_posix()):
                yield template


def test_no_product_template_has_an_inline_script_without_nonce_an_inline_event_handler_or_style():
    """Any new inline script must carry the nonce, any handler go to a static file, any style to a class (the
    self-contained error pages' <style> elements are allowed by their hash: test below)."""
    assert offences('<script>alert(1)</script><a href="javascript:go()" onclick="go()"><p style="color:red">') == [
        "<script>", '<a href="javascript:go()" onclick="go()">', '<p style="color:red">', "javascript:"]
    assert offences('<script type="application/ld+json"><script src="/a.js">') == []  # a data block runs nothing
    templates = list(product_templates())
    assert len(templates) > 100
    assert {str(template.relative_to(ROOT)): offences(template.read_text()) for template in templates
            if offences(template.read_text())} == {}


@pytest.mark.django_db
def test_reader_pages_have_the_strict_policy(client, demo_site):
    assert_strict(policy(client.get("/compte/connexion/")))
    assert_strict(policy(client.get("/compte/inscription/")))
    client.force_login(make_reader())
    response = client.get("/mon-espace/")
    assert response.status_code == 200
    directives = policy(response)
    assert_strict(directives)
    assert_scripts_from_self_or_nonce(directives, nonce_expected=False)


@pytest.mark.django_db
def test_admin_pages_relax_only_inline_scripts_and_styles_and_only_under_admin(client, demo_site):
    login = policy(client.get("/admin/login/"))
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    for url in ("/admin/", f"/admin/pages/{demo_site.pk}/edit/", "/admin/snippets/base_documentaire/notice/add/",
                "/admin/images/", "/admin/documents/"):
        response = client.get(url)
        assert response.status_code == 200, url
        for directives in (policy(response), login):
            assert directives["script-src"] == ["'self'", "'unsafe-inline'"]  # no nonce: it would cancel it
            assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
            assert directives["img-src"] == ["'self'", "data:", "blob:", "www.gravatar.com"]
            assert directives["connect-src"] == ["'self'", "https://releases.wagtail.org"]
            for name in ("default-src", "object-src", "base-uri", "form-action"):
                assert directives[name] == [STRICT[name]]
            assert directives["frame-ancestors"] == ["'self'"]  # the live preview frames the preview views
            assert "'unsafe-eval'" not in response[HEADER]
    assert_strict(policy(client.get("/")))  # the same editor on the public site: strict again


@pytest.mark.django_db
def test_the_editors_preview_keeps_the_public_policy_but_may_be_framed_by_the_admin(demo_site):
    """Wagtail renders a preview through a dummy request to the page's own address, shown in the admin's frame."""
    page = demo_site.get_children().live().first().specific
    directives = policy(page.make_preview_request())
    assert directives["frame-ancestors"] == ["'self'"]
    assert_strict({**directives, "frame-ancestors": [STRICT["frame-ancestors"]]})


@pytest.mark.django_db
def test_admin_additions_follow_wagtails_settings(client, demo_site, settings):
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    settings.WAGTAIL_ENABLE_UPDATE_CHECK = False
    directives = policy(client.get("/admin/login/"))
    assert directives["img-src"] == ["'self'", "data:", "blob:"]
    assert directives["connect-src"] == ["'self'"]


@pytest.mark.urls("tests.site.csp_urls")
@pytest.mark.django_db
def test_self_contained_error_pages_keep_their_inline_style_by_its_hash(client, demo_site):
    client.raise_request_exception = False
    for url, status in (("/erreur/", 500), ("/disque-plein/", 503)):
        response = client.get(url)
        assert response.status_code == status
        style = BeautifulSoup(response.content, "html.parser").style.string
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        directives = policy(response)
        assert f"'sha256-{digest}'" in directives["style-src"]
        assert_strict(directives)


def s3_storages(**options):
    options = {"bucket_name": "crpv", "access_key": "cle", "secret_key": "secret", "region_name": "eu-west-3",
               "addressing_style": "path", **options}
    return {"default": {"BACKEND": S3_BACKEND, "OPTIONS": options},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.mark.django_db
def test_files_on_s3_add_their_origin_to_img_src_and_local_files_add_nothing(client, demo_site, settings):
    assert policy(client.get("/"))["img-src"] == ["'self'", "data:"]
    settings.STORAGES = s3_storages(endpoint_url="https://s3.gra.example.net:9000")
    assert policy(client.get("/"))["img-src"] == ["'self'", "data:", "https://s3.gra.example.net:9000"]
    settings.STORAGES = s3_storages(custom_domain="fichiers.example.org")
    assert policy(client.get("/"))["img-src"] == ["'self'", "data:", "https://fichiers.example.org"]
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    assert "https://fichiers.example.org" in policy(client.get("/admin/"))["img-src"]


@pytest.mark.services
def test_the_real_minio_origin_is_the_one_its_urls_use(settings):
    settings.STORAGES = services.s3_storages_setting()
    endpoint = services.require_env("AWS_S3_ENDPOINT_URL").rstrip("/")
    assert storage_origin() == endpoint


def test_embedded_players_may_be_framed_and_the_environment_adds_others(monkeypatch):
    templates = ROOT / "site" / "templates"
    frames = csp_settings.directives(templates)["frame-src"]
    assert frames[0] == "'self'" and {"https://www.youtube-nocookie.com", "https://player.vimeo.com"} <= set(frames)
    monkeypatch.setenv("CSP_FRAME_SRC", "https://peertube.example.org, https://video.example.org")
    assert csp_settings.directives(templates)["frame-src"][-2:] == ["https://peertube.example.org",
                                                                   "https://video.example.org"]


def test_report_only_mode_from_the_environment(monkeypatch, settings, client, db):
    templates = ROOT / "site" / "templates"
    enforced, reported = csp_settings.csp_settings(templates)
    assert enforced and reported is None
    monkeypatch.setenv("CSP_REPORT_ONLY", "true")
    monkeypatch.setenv("CSP_REPORT_URI", "https://rapports.example.org/csp")
    enforced, reported = csp_settings.csp_settings(templates)
    assert enforced is None
    settings.CONTENT_SECURITY_POLICY, settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = enforced, reported
    response = client.get("/compte/connexion/")
    assert HEADER not in response
    directives = policy(response, REPORT_ONLY)
    assert_strict(directives)
    assert directives["report-uri"] == ["https://rapports.example.org/csp"]
