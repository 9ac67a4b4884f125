"""iCalendar feeds (the agenda, any filtered view, one event) read by `icalendar`; RSS read by `feedparser`."""
import datetime

import feedparser
import icalendar
import pytest

from ressources.agenda.models import Seance

from .conftest import at, make_event


@pytest.fixture
def events(index, vocabulary):
    v = vocabulary
    return {
        "formation": make_event(index, "Formation politique de la ville", kind="formation",
                                seances=[(at(12, 9), at(12, 17)), (at(13, 9), at(13, 16, 30))],
                                lieu="Maison de la vie associative", adresse="Montpellier",
                                themes=[v["sante"]], territoires=[v["montpellier"]]),
        "journee": make_event(index, "Le numérique, au-delà de la fracture", kind="journee_echanges",
                              seances=[Seance(debut=at(24, 9), journee_entiere=True)], themes=[v["emploi"]]),
        "passe": make_event(index, "Webinaire culture et QPV", kind="webinaire", format="distance",
                            lien_en_ligne="https://visio.example.org/culture",
                            seances=[(at(-40, 14), at(-40, 16))], themes=[v["cohesion"]]),
        "brouillon": make_event(index, "Brouillon de journée", publish=False),
    }


def vevents(response):
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def test_agenda_ical_feed_has_one_vevent_per_session_of_every_published_event(client, index, events,
                                                                             django_assert_max_num_queries):
    with django_assert_max_num_queries(22):
        response = client.get(f"{index.url}ical/")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Agenda"
    summaries = sorted(str(event["SUMMARY"]) for event in vevents(response))
    assert summaries == ["Formation politique de la ville", "Formation politique de la ville",
                         "Le numérique, au-delà de la fracture", "Webinaire culture et QPV"]
    assert len({str(event["UID"]) for event in vevents(response)}) == 4


def test_ical_sessions_carry_times_place_and_all_day_dates(client, index, events):
    by_summary = {}
    for vevent in vevents(client.get(f"{index.url}ical/")):
        by_summary.setdefault(str(vevent["SUMMARY"]), []).append(vevent)
    first = min(by_summary["Formation politique de la ville"], key=lambda vevent: vevent.decoded("DTSTART"))
    assert first.decoded("DTSTART") == at(12, 9) and first.decoded("DTEND") == at(12, 17)
    assert str(first["LOCATION"]) == "Maison de la vie associative, Montpellier"
    assert str(first["URL"]).endswith(events["formation"].url)
    day = by_summary["Le numérique, au-delà de la fracture"][0]
    assert day.decoded("DTSTART") == at(24).date()  # a date, not a date-time: an all-day event
    assert day.decoded("DTEND") == at(25).date()
    online = by_summary["Webinaire culture et QPV"][0]
    assert str(online["LOCATION"]) == "https://visio.example.org/culture"


def test_filtered_ical_feed_honours_the_listing_filters(client, index, events):
    response = client.get(f"{index.url}ical/", {"theme": "Cohésion sociale", "periode": "a_venir"})
    assert [str(vevent["SUMMARY"]) for vevent in vevents(response)] == ["Formation politique de la ville"] * 2
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Agenda : Cohésion sociale"
    response = client.get(f"{index.url}ical/", {"type": "webinaire"})
    assert [str(vevent["SUMMARY"]) for vevent in vevents(response)] == ["Webinaire culture et QPV"]


def test_feeds_reject_bad_filters_with_a_french_message(client, index, events):
    for feed in ("ical/", "flux/"):
        response = client.get(f"{index.url}{feed}", {"type": "concert"})
        assert response.status_code == 400
        assert "Sélectionnez un choix valide" in response.content.decode()


def test_event_ics_is_a_download_of_that_event_only(client, events):
    event = events["formation"]
    response = client.get(f"{event.url}ical/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    found = vevents(response)
    assert [vevent.decoded("DTSTART") for vevent in found] == [at(12, 9), at(13, 9)]
    assert {str(vevent["SUMMARY"]) for vevent in found} == {"Formation politique de la ville"}


def test_rss_feed_lists_the_filtered_events(client, index, events, django_assert_max_num_queries):
    with django_assert_max_num_queries(23):
        response = client.get(f"{index.url}flux/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.feed.title == "Agenda"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Le numérique, au-delà de la fracture", "Formation politique de la ville",
                      "Webinaire culture et QPV"]
    assert feed.entries[1].link.endswith(events["formation"].url)
    assert "Maison de la vie associative" in feed.entries[1].summary
    assert {tag.term for tag in feed.entries[1].tags} >= {"Formation", "Santé"}

    upcoming = feedparser.parse(client.get(f"{index.url}flux/", {"periode": "a_venir"}).content)
    assert [entry.title for entry in upcoming.entries] == ["Formation politique de la ville",
                                                           "Le numérique, au-delà de la fracture"]
    filtered = feedparser.parse(client.get(f"{index.url}flux/", {"type": "webinaire"}).content)
    assert filtered.feed.title == "Agenda : Webinaire"
    assert [entry.title for entry in filtered.entries] == ["Webinaire culture et QPV"]


def test_listing_links_to_its_feeds_with_the_current_filters(client, index, events):
    html = client.get(index.url, {"type": "formation"}).content.decode()
    assert f'href="{index.url}ical/?type=formation"' in html
    assert f'href="{index.url}flux/?type=formation"' in html


def test_all_day_event_over_several_days_ends_after_its_last_day(client, index):
    event = make_event(index, "Université d'été", seances=[Seance(debut=at(30, 9), fin=at(32, 9),
                                                                  journee_entiere=True)])
    vevent = vevents(client.get(f"{event.url}ical/"))[0]
    assert vevent.decoded("DTSTART") == at(30).date()
    assert vevent.decoded("DTEND") == at(30).date() + datetime.timedelta(days=3)
