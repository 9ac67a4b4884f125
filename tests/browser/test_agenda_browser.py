"""An editor creates an event in the Wagtail admin, publishes it, and finds it in the public agenda
and in its iCalendar feed (real Chromium)."""
import datetime

import icalendar
import pytest

pytestmark = pytest.mark.browser

TITLE = "Journée d'échanges : la GUSP après le Covid"


@pytest.fixture
def agenda(live_demo):
    from django.contrib.auth.models import User
    from wagtail.models import Page

    from ressources.agenda.models import AgendaIndexPage

    home = Page.objects.get(depth=2)
    index = home.add_child(instance=AgendaIndexPage(title="Agenda", slug="agenda"))
    index.save_revision().publish()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.org", "changeme")
    return index


def test_editor_publishes_an_event_seen_in_the_agenda_and_its_ical_feed(agenda, page, live_demo, artifacts):
    # `agenda` first: it uses the ORM, which must run before Playwright starts its event loop
    page.goto(f"{live_demo}/admin/login/")
    page.locator("input[name=username]").fill("admin")
    page.locator("input[name=password]").fill("changeme")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{live_demo}/admin/")

    page.goto(f"{live_demo}/admin/pages/add/agenda/evenementpage/{agenda.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_kind").select_option("journee_echanges")
    day = datetime.date.today() + datetime.timedelta(days=15)
    page.locator("#id_seances-0-debut").fill(f"{day:%Y-%m-%d} 09:30")
    page.locator("#id_seances-0-fin").fill(f"{day:%Y-%m-%d} 16:30")
    page.keyboard.press("Escape")
    page.locator("#id_title").click()  # a click outside closes the date picker, which may cover the footer
    page.locator("#id_lieu").fill("Maison du projet, Rennes")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(f"{live_demo}/admin/pages/{agenda.pk}/")
    page.screenshot(path=str(artifacts / "agenda-admin-published.png"), full_page=True)

    page.goto(f"{live_demo}/agenda/")
    card = page.locator(".event-list li", has_text=TITLE)
    assert card.is_visible()
    assert "Journée d'échanges" in card.inner_text()
    card.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert "09:30–16:30" in page.locator(".event-facts").inner_text()
    page.screenshot(path=str(artifacts / "agenda-event.png"), full_page=True)

    feed = page.request.get(f"{live_demo}/agenda/ical/")
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    vevents = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    mine = [vevent for vevent in vevents if str(vevent["SUMMARY"]) == TITLE]
    assert len(mine) == 1
    assert mine[0].decoded("DTSTART").date() == day
    assert str(mine[0]["LOCATION"]) == "Maison du projet, Rennes"
