"""News fixtures: the demo site's home page, a news index under it and a factory of news items."""
import datetime

import pytest
from wagtail.models import Site

from ressources.actualites.models import ActualitePage, ActualitesIndexPage


@pytest.fixture(autouse=True)
def _forget_site_root_paths():
    """Wagtail caches the sites' root paths outside the database: drop them after each test, or the
    next test (its database rolled back) would compute page URLs from this test's site."""
    yield
    Site.clear_site_root_paths_cache()


@pytest.fixture
def index(demo_site):
    page = demo_site.add_child(instance=ActualitesIndexPage(title="Actualités", slug="actualites",
                                                            intro="L'actualité du centre."))
    page.save_revision().publish()
    return page


def make_news(index, title, *, kind="actualite", date=datetime.date(2024, 3, 1), themes=(), territoires=(),
              publish=True, **fields):
    page = ActualitePage(title=title, kind=kind, date=date, live=publish, **fields)
    page.themes = list(themes)
    page.territoires = list(territoires)
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page
