"""What other apps call: the home page's upcoming events, an acteur's events, the related source, the demo."""
from ressources.agenda import queries
from ressources.agenda.models import AgendaIndexPage, CyclePage, EvenementPage
from ressources.annuaire.models import Acteur
from ressources.related import related_content

from .conftest import at, make_event


def test_upcoming_events_are_the_soonest_published_ones_not_over(index):
    make_event(index, "Passé", seances=[(at(-2), at(-2, 12))])
    make_event(index, "Dans un mois", seances=[(at(30), at(30, 12))])
    make_event(index, "Demain", seances=[(at(1), at(1, 12))])
    make_event(index, "En cours", seances=[(at(-1), at(-1, 12)), (at(2), at(2, 12))])
    make_event(index, "Brouillon", seances=[(at(1), at(1, 12))], publish=False)
    assert [event.title for event in queries.upcoming_events(3)] == ["En cours", "Demain", "Dans un mois"]
    assert [event.title for event in queries.upcoming_events(1)] == ["En cours"]


def test_events_for_acteur_as_organiser_or_partner(index):
    reso = Acteur.objects.create(nom="RésO Villes")
    ehesp = Acteur.objects.create(nom="EHESP")
    make_event(index, "Organisé", organisateurs=[reso], seances=[(at(5), at(5, 12))])
    make_event(index, "En partenariat", partenaires=[reso], organisateurs=[ehesp], seances=[(at(-5), at(-5, 12))])
    make_event(index, "Les deux", organisateurs=[reso], partenaires=[reso], seances=[(at(9), at(9, 12))])
    make_event(index, "Sans RésO", organisateurs=[ehesp])
    assert [event.title for event in queries.events_for_acteur(reso)] == ["Les deux", "Organisé", "En partenariat"]
    assert list(reso.evenements_organises.order_by("title").values_list("title", flat=True)) == ["Les deux",
                                                                                                  "Organisé"]


def test_related_source_lists_upcoming_events_first_then_recent_past_ones(index, vocabulary):
    sante = vocabulary["sante"]
    make_event(index, "Il y a un an", themes=[sante], seances=[(at(-365), at(-365, 12))])
    make_event(index, "Le mois dernier", themes=[sante], seances=[(at(-30), at(-30, 12))])
    make_event(index, "Dans deux mois", themes=[sante], seances=[(at(60), at(60, 12))])
    make_event(index, "La semaine prochaine", themes=[sante], seances=[(at(7), at(7, 12))])
    make_event(index, "Autre thème", themes=[vocabulary["emploi"]])
    # a broad theme finds the events of its narrower themes
    lists = {related.source.key: related for related in related_content(theme_ids=[vocabulary["cohesion"].pk])}
    agenda = lists["agenda"]
    assert [item.title for item in agenda.items] == ["La semaine prochaine", "Dans deux mois", "Le mois dernier",
                                                     "Il y a un an"]
    assert agenda.total == 4 and agenda.items[0].kind == "Rencontre"
    assert agenda.see_all_url == f"{index.url}?theme=Coh%C3%A9sion+sociale"
    limited = related_content(theme_ids=[sante.pk], limit=3, only={"agenda"})[0]
    assert [item.title for item in limited.items] == ["La semaine prochaine", "Dans deux mois", "Le mois dernier"]
    assert limited.total == 4


def test_demo_is_idempotent_and_keeps_upcoming_events(demo_site):
    from base_documentaire import demo as documentary_demo
    from ressources.agenda import demo

    documentary_demo.load(demo_site)
    demo.load(demo_site)
    index = AgendaIndexPage.objects.get(slug="agenda")
    count = EvenementPage.objects.count()
    event = EvenementPage.objects.get(slug="webinaire-emancipation-au-feminin")
    event.title = "Titre modifié par une éditrice"
    event.save_revision().publish()
    demo.load(demo_site)
    assert EvenementPage.objects.count() == count and AgendaIndexPage.objects.count() == 1
    assert EvenementPage.objects.get(pk=event.pk).title == "Titre modifié par une éditrice"
    cycle = CyclePage.objects.get(slug="quartiers-en-transitions-2")
    assert cycle.title == "Quartiers en transitions #2" and len(cycle.events()) == 4
    assert len(queries.upcoming_events(10)) >= 3
    assert EvenementPage.objects.filter(autre_manifestation=True).exists()
    assert event.notices.filter(external_id="demo-1").exists()
    assert index.events().filter(date_debut__year=2021, date_debut__month=3, kind="webinaire").count() == 2
