"""The related lists computed in one pass: theme and territory searches in one query per source,
their order, limits and totals; and the values read once per request (view restrictions, pages)."""
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from ressources import request_cache
from ressources.related import related_by_theme_then_territory

from .agenda.conftest import at, make_event
from .conftest import make_notice


def titles(related):
    return [item.title for item in related.items]


def test_theme_items_come_first_then_new_territory_items_each_search_keeping_its_limit(vocabulary,
                                                                                     documentary_page):
    v = vocabulary
    for year in range(2015, 2019):
        make_notice(f"Santé {year}", themes=[v["sante"]], annee=year)
    make_notice("Santé à Montpellier", themes=[v["sante"]], territoires=[v["montpellier"]], annee=2010)
    for year in range(2019, 2022):
        make_notice(f"Hérault {year}", territoires=[v["herault"]], annee=year)

    (notices,) = related_by_theme_then_territory([v["cohesion"].pk], [v["occitanie"].pk], limit=3,
                                                 only={"notices"})

    assert titles(notices) == ["Santé 2018", "Santé 2017", "Santé 2016", "Hérault 2021", "Hérault 2020",
                               "Hérault 2019"]
    assert notices.total == 6  # five on the theme, four on the territory: never fewer than the six shown
    assert "theme=Coh%C3%A9sion+sociale" in notices.see_all_url  # "see all" follows the first search


def test_a_source_found_only_by_territory_is_listed_after_those_found_by_theme(demo_site, vocabulary,
                                                                               documentary_page):
    from ressources.agenda.models import AgendaIndexPage

    v = vocabulary
    agenda = demo_site.add_child(instance=AgendaIndexPage(title="Agenda", slug="agenda"))
    agenda.save_revision().publish()
    make_event(agenda, "Rencontre en Occitanie", territoires=[v["occitanie"]])
    make_notice("Guide santé", themes=[v["sante"]])

    lists = related_by_theme_then_territory([v["sante"].pk], [v["occitanie"].pk], only={"agenda", "notices"})

    assert [related.source.key for related in lists] == ["notices", "agenda"]
    assert "territoire=Occitanie" in lists[1].see_all_url


def test_each_source_answers_both_searches_in_one_query(vocabulary, documentary_page):
    v = vocabulary
    for number in range(6):
        make_notice(f"Notice {number}", themes=[v["sante"]], territoires=[v["montpellier"]], annee=2000 + number)
    with CaptureQueriesContext(connection) as queries:
        (notices,) = related_by_theme_then_territory([v["sante"].pk], [v["montpellier"].pk], only={"notices"})
    assert notices.total == 6 and len(notices.items) == 5
    on_notices = [query for query in queries.captured_queries if 'FROM "base_documentaire_notice"' in query["sql"]]
    assert len(on_notices) == 1  # both lists and their totals: no second list, no count query


def test_values_are_read_once_per_request_and_forgotten_after_a_write(db):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert request_cache.cached("key", compute) == 1 and request_cache.cached("key", compute) == 2  # no request
    # As Django's test client does: the request signals must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        assert request_cache.cached("key", compute) == 3
        assert request_cache.cached("key", compute) == 3
        PageViewRestriction.objects.filter(pk=0).delete()  # no signal: nothing was deleted
        assert request_cache.cached("key", compute) == 3
        from base_documentaire.models import Theme
        Theme.objects.create(nom="Logement")
        assert request_cache.cached("key", compute) == 4
    finally:
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert request_cache.cached("key", compute) == 5


def test_events_of_a_private_section_are_never_listed(client, demo_site, vocabulary, documentary_page):
    from ressources.agenda.models import AgendaIndexPage

    v = vocabulary
    agenda = demo_site.add_child(instance=AgendaIndexPage(title="Agenda", slug="agenda"))
    agenda.save_revision().publish()
    private = demo_site.add_child(instance=AgendaIndexPage(title="Agenda interne", slug="interne"))
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    make_event(agenda, "Rencontre publique", themes=[v["sante"]], seances=[(at(3), at(3, 12))])
    make_event(private, "Réunion interne", themes=[v["sante"]], seances=[(at(4), at(4, 12))])
    page = make_event(agenda, "Atelier santé", themes=[v["sante"]], seances=[(at(5), at(5, 12))])

    html = client.get(page.url).content.decode()

    assert "Rencontre publique" in html and "Réunion interne" not in html


def test_the_count_is_the_distinct_items_when_both_searches_are_listed_whole(vocabulary, documentary_page):
    """An event on a theme and a territory: one notice found by theme, another by territory; the
    heading said « Base documentaire (1) » beside two items."""
    v = vocabulary
    make_notice("Guide santé", themes=[v["sante"]], annee=2020)
    make_notice("Diagnostic héraultais", territoires=[v["herault"]], annee=2021)
    make_notice("Santé à Montpellier", themes=[v["sante"]], territoires=[v["montpellier"]], annee=2019)

    (notices,) = related_by_theme_then_territory([v["sante"].pk], [v["occitanie"].pk], only={"notices"})

    assert sorted(titles(notices)) == ["Diagnostic héraultais", "Guide santé", "Santé à Montpellier"]
    assert notices.total == 3  # two on the theme, two on the territory, one of them on both
