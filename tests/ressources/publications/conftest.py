"""Publications fixtures: the demo site's home page, the documentary page, a publications index, a
newsletter and a factory of publications (published through Wagtail, so their notices follow)."""
import datetime

import pytest

from ressources.publications.models import (LettreInformationIndexPage, PublicationAuteur, PublicationPage,
                                            PublicationsIndexPage)


@pytest.fixture
def index(demo_site, documentary_page):
    page = demo_site.add_child(instance=PublicationsIndexPage(title="Nos publications", slug="publications",
                                                              intro="Actes, dossiers et fiches expériences."))
    page.save_revision().publish()
    return page


@pytest.fixture
def newsletter(index):
    page = index.add_child(instance=LettreInformationIndexPage(title="Résonances", slug="resonances",
                                                               intro="La lettre mensuelle du centre."))
    page.save_revision().publish()
    return page


def make_publication(parent, title, *, model=PublicationPage, kind="dossier", date=datetime.date(2023, 6, 1),
                     themes=(), territoires=(), auteurs=(), publish=True, **fields):
    if model is PublicationPage:
        fields["kind"] = kind
    page = model(title=title, date=date, live=False, **fields)
    page.themes = list(themes)
    page.territoires = list(territoires)
    page.auteurs = [author if isinstance(author, PublicationAuteur) else PublicationAuteur(nom=author)
                    for author in auteurs]
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page
