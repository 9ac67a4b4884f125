"""Real Chromium (Debian's package) driven by Playwright; screenshots kept under test-artifacts/."""
from pathlib import Path

import pytest

from tests.services import require_env

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def page(live_demo):
    """A fresh Chromium page. Playwright starts after the database fixtures and stops before
    their teardown: its event loop would otherwise hide the test database connection's state
    (Django keeps connections per async context) from pytest-django's rollback."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=require_env("CHROMIUM_PATH"), headless=True, args=CHROMIUM_FLAGS
        )
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def live_demo(live_server, transactional_db, django_db_serialized_rollback):
    """The demo site served by a real HTTP server, its default site pointed at that server."""
    from wagtail.models import Site

    from home import demo

    demo.load()
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))
    return live_server.url
