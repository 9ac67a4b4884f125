"""Demo content of the editorial apps, in dependency order (acteurs before the events they
organise, publications before the fiches territoires that list them), then the home page's
featured items. Idempotent, like every demo loader."""
from wagtail.models import Page

from ressources.actualites import demo as actualites_demo
from ressources.agenda import demo as agenda_demo
from ressources.annuaire import demo as annuaire_demo
from ressources.publications import demo as publications_demo
from ressources.territoires import demo as territoires_demo
from veille.bulletins import demo as bulletins_demo

LOADERS = [annuaire_demo, agenda_demo, publications_demo, actualites_demo, territoires_demo, bulletins_demo]
FEATURED_SLUGS = ["quartiers-en-transitions-2", "cooperative-nutrition-est-val-d-oise", "resonances"]


def load(home):
    for loader in LOADERS:
        loader.load(home)
    _feature(home)


def _feature(home):
    """Put a few of the demo's pages « à la une » unless editors already chose some."""
    home = home.specific
    if home.a_la_une:
        return
    pages = {page.slug: page for page in Page.objects.descendant_of(home).filter(slug__in=FEATURED_SLUGS).live()}
    home.a_la_une = [("page", {"page": pages[slug], "title": "", "text": "", "image": None})
                     for slug in FEATURED_SLUGS if slug in pages]
    if home.a_la_une:
        home.save_revision().publish()
