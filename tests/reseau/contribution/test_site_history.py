"""The admin's "Site history" report shows a partner its own centre's notices only."""
from wagtail.log_actions import log

HISTORY = "/admin/reports/site-history/"


def history_text(client, path=HISTORY):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_partner_sees_the_history_of_its_own_notices_only(partner_client, moderator, centre_notices):
    for notice in centre_notices.values():
        log(instance=notice, action="wagtail.edit", user=moderator)
    for path in (HISTORY, HISTORY + "results/"):
        page = history_text(partner_client, path)
        assert "Santé mentale dans les quartiers" in page and "Brouillon de VTO" in page
        assert "Brouillon confidentiel de RésO" not in page and "L&#x27;emploi des jeunes" not in page


def test_the_documentalist_still_sees_every_centre(moderator_client, moderator, centre_notices):
    for notice in centre_notices.values():
        log(instance=notice, action="wagtail.edit", user=moderator)
    page = history_text(moderator_client)
    assert "Brouillon confidentiel de RésO" in page and "Brouillon de VTO" in page
