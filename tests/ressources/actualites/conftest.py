"""News fixtures: the demo site's home page, a news index under it and a factory of news items."""
import datetime

import pytest

from ressources.actualites.models import ActualitePage, ActualitesIndexPage


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
