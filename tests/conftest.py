import pytest

from tests import services


@pytest.fixture
def demo_site(db):
    """The run command's demo content: home page, a few pages, site settings."""
    from home import demo

    return demo.load()


@pytest.fixture
def real_services(settings):
    """Point search and file storage at the real OpenSearch node and MinIO bucket."""
    settings.CRPV_SEARCH_ENGINE = services.opensearch_engine_setting()
    services.ensure_bucket()
    settings.STORAGES = services.s3_storages_setting()
    return settings
