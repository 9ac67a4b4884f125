"""Real Chromium (Debian's package) driven by Playwright; screenshots kept under test-artifacts/."""
from pathlib import Path

import pytest

from tests.browser.chromium import launched, new_page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def page(live_demo):
    """A fresh Chromium page. Playwright starts after the database fixtures and stops before
    their teardown: its event loop would otherwise hide the test database connection's state
    (Django keeps connections per async context) from pytest-django's rollback."""
    with launched() as browser:
        yield new_page(browser, with_axe=False)


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
