"""The documentary base's fixtures (vocabularies, contributors, notices, the documentary page) for
the editorial apps, which are tagged with the same vocabularies and list the same notices; and a
site where every "related content" source has several items on the same theme and territory."""
import datetime

from tests.base_documentaire.conftest import (contributeurs, documentary_page, make_notice,  # noqa: F401
                                              notices, search_index, vocabulary)

RELATED_PER_SOURCE = 5  # a full list: the related lists show 5 items


def populate_related(site_root, themes, territoires, count=RELATED_PER_SOURCE, label="liée"):
    """`count` events, publications, news items, acteurs and notices tagged with those themes and
    territories, and the index pages they are listed in (reused when they exist): a page tagged
    the same way lists full "related content" lists, so an N+1 in them shows in its query count."""
    from ressources.actualites.models import ActualitesIndexPage
    from ressources.agenda.models import AgendaIndexPage
    from ressources.annuaire.models import AnnuairePage
    from ressources.publications.models import PublicationsIndexPage
    from tests.ressources.actualites import conftest as news
    from tests.ressources.agenda import conftest as agenda
    from tests.ressources.annuaire import conftest as annuaire
    from tests.ressources.publications import conftest as publications

    tags = {"themes": list(themes), "territoires": list(territoires)}
    indexes = {model: _index(site_root, model, slug) for model, slug in [
        (AgendaIndexPage, "agenda"), (PublicationsIndexPage, "publications"),
        (ActualitesIndexPage, "actualites"), (AnnuairePage, "annuaire")]}
    for number in range(count):
        agenda.make_event(indexes[AgendaIndexPage], f"Rencontre {label} {number}",
                          seances=[(agenda.at(5 + number), agenda.at(5 + number, 12))], **tags)
        publications.make_publication(indexes[PublicationsIndexPage], f"Dossier {label} {number}",
                                      date=datetime.date(2022, 1, 1 + number), **tags)
        news.make_news(indexes[ActualitesIndexPage], f"Brève {label} {number}", date=datetime.date(2024, 1, 1 + number),
                       **tags)
        annuaire.make_acteur(f"Association {label} {number}", **tags)
        make_notice(f"Notice {label} {number}", annee=2020 + number, **tags)


def _index(site_root, model, slug):
    existing = model.objects.first()
    if existing is not None:
        return existing
    page = site_root.add_child(instance=model(title=slug.capitalize(), slug=slug))
    page.save_revision().publish()
    return page
