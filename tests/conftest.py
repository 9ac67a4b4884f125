import pytest
from wagtail.models import Site

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
