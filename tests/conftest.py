import importlib

import pytest
from django.urls import clear_url_caches
from wagtail.models import Site

from tests import mailpit as mailpit_api
from tests import services


@pytest.fixture(autouse=True)
def _forget_site_root_paths():
    """Wagtail caches the sites' root paths outside the database: drop them after each test, or the
    next test (its database rolled back) would compute page URLs from this test's site."""
    yield
    Site.clear_site_root_paths_cache()


@pytest.fixture
def demo_site(db):
    """The run command's demo content: home page, a few pages, site settings."""
    from home import demo

    return demo.load()


@pytest.fixture
def real_services(settings):
    """Point search and file storage at the real OpenSearch node and MinIO bucket."""
    services.use_engine(settings, "opensearch")
    services.ensure_bucket()
    settings.STORAGES = services.s3_storages_setting()
    return settings


@pytest.fixture
def mailpit(settings):
    """The real SMTP server (Mailpit) for this test's e-mails, its inbox emptied first: tests/mailpit.py."""
    inbox = mailpit_api.use_mailpit(settings)
    inbox.clear()
    return inbox


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """A test reading e-mails from Mailpit needs the real services: `--quick` runs deselect it."""
    for item in items:
        if "mailpit" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.services)


@pytest.fixture
def dev_urls(settings):
    """The URLs as the dev server builds them (DEBUG: its privacy-checked /media/), then back to the test ones."""
    import crpv_site.urls

    settings.DEBUG = True
    clear_url_caches()
    importlib.reload(crpv_site.urls)
    yield
    settings.DEBUG = False
    clear_url_caches()
    importlib.reload(crpv_site.urls)
