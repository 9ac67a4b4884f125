"""Hostile input gets a clear French 400 (or a 404 for an address naming nothing), never a 500: control
characters in any address (PostgreSQL refuses NUL, XML refuses %01 and %0B), numbers beyond the
database's 64-bit integers, digits that are not ASCII ("²" passes str.isdigit()). Run on PostgreSQL
by scripts/test.sh, where NUL and oversized ids used to raise."""
import feedparser
import pytest
from django.test import Client

from base_documentaire import indexing
from crpv_site.request_input import MAX_ID, parse_ids, positive_int
from tests.base_documentaire.conftest import (  # noqa: F401
    contributeurs,
    documentary_page,
    embedded_index,
    make_notice,
    vocabulary,
)

BASE = "/base-documentaire/"
HUGE = "9" * 30  # beyond 64 bits
CONTROL_MESSAGE = "contient un caractère de contrôle : retirez-le et réessayez."


@pytest.fixture
def client():
    return Client(raise_request_exception=False)  # a 500 is a response to assert on, not an exception


@pytest.fixture
def published(embedded_index, documentary_page, contributeurs):  # noqa: F811
    notice = make_notice("Rapport sur les quartiers", contributeur=contributeurs["vto"], annee=2020,
                         resume="<p>Un <b>rapport</b> &amp; des <a href='https://example.org'>liens</a></p>"
                                "<p>Deuxième paragraphe</p><script>alert(1)</script>")
    indexing.sync(refresh=True)
    return notice


@pytest.mark.parametrize("path", [
    "/recherche/?q=%00", "/recherche/?q=quartiers%00", "/recherche/?page=%00",
    BASE + "?q=%00", BASE + "?theme=%00", BASE + "?q=a%0Bb",
    BASE + "flux/?q=%01", BASE + "flux/?q=quartiers%0B", BASE + "export/?format=ris&q=%00",
    "/a%00b/", "/compte/connexion/?next=%00",
])
def test_control_characters_in_an_address_get_a_french_400(client, published, path):
    response = client.get(path)
    assert response.status_code == 400
    assert CONTROL_MESSAGE in response.content.decode()
    assert "<html lang=\"fr\">" in response.content.decode()


@pytest.mark.parametrize("path, errors", [
    ("/api/v1/notices/?q=%00", {"q": "Le paramètre « q » " + CONTROL_MESSAGE}),
    ("/api/v1/partenaires/notices/?page=%01", {"page": ["Le paramètre « page » " + CONTROL_MESSAGE]}),
])
def test_the_json_apis_answer_in_their_own_error_shape(client, published, path, errors):
    response = client.get(path)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json() == {"errors": errors}


def test_tab_and_line_feed_stay_allowed(client, published):
    response = client.get(BASE, {"q": "rapport\tquartiers\n"})
    assert response.status_code == 200
    assert "Rapport sur les quartiers" in response.content.decode()


@pytest.mark.parametrize("params", [{"page": HUGE}, {"page": "²"}, {"page_size": HUGE}, {"annee_min": HUGE}])
def test_page_numbers_beyond_64_bits_in_the_search_and_its_json_api(client, published, params):
    page = client.get(BASE, params)
    api = client.get("/api/v1/notices/", params)
    assert page.status_code == 400 and api.status_code == 400
    assert all(message.startswith(("Doit", "Cette page")) for message in api.json()["errors"].values())


@pytest.mark.parametrize("value", [HUGE, str(MAX_ID + 1), "²", "-3", "abc"])
def test_an_invalid_id_in_the_basket_export_is_a_french_400(client, published, value):
    response = client.get(BASE + "export/", {"format": "ris", "id": [str(published.pk), value]})
    assert response.status_code == 400
    assert response.content.decode() == f"Numéro de notice invalide : « {value} »."


def test_the_basket_export_still_exports_valid_ids(client, published):
    response = client.get(BASE + "export/", {"format": "ris", "id": [str(published.pk)]})
    assert response.status_code == 200
    assert "Rapport sur les quartiers" in b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("path", ["notices/{huge}/", "notices/{huge}/export/ris/", "notices/{max}/"])
def test_an_oversized_notice_number_in_an_address_is_not_found(client, published, path):
    response = client.get(BASE + path.format(huge=HUGE, max=MAX_ID))
    assert response.status_code == 404


def test_rss_descriptions_are_plain_text(client, published):
    response = client.get(BASE + "flux/")
    assert response.status_code == 200
    raw = response.content.decode()
    assert "&lt;p&gt;" not in raw and "&lt;b&gt;" not in raw and "&lt;script" not in raw
    entry = feedparser.parse(raw).entries[0]
    assert entry.title == "Rapport sur les quartiers"
    assert entry.description == "Un rapport & des liens\nDeuxième paragraphe\nalert(1)"


def test_control_characters_stored_in_a_notice_never_break_the_feed(client, published):
    published.titre, published.resume = "Titre\x0bavec\x01contrôle", "Résumé\x1f coupé"  # PostgreSQL refuses NUL
    published.save_revision().publish()
    indexing.sync(refresh=True)
    response = client.get(BASE + "flux/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    assert feed.entries[0].title == "Titreaveccontrôle" and feed.entries[0].description == "Résumé coupé"


def test_an_invalid_search_in_the_feed_is_a_french_400(client, published):
    response = client.get(BASE + "flux/", {"q": "x" * 501})
    assert response.status_code == 400
    assert "trop long" in response.content.decode()


def test_the_shared_number_helpers():
    assert positive_int(" 42 ") == 42 and positive_int(str(MAX_ID)) == MAX_ID
    assert [positive_int(value) for value in ("0", "-1", "+1", "1.0", "²", "٣", str(MAX_ID + 1), HUGE, "")] == [
        None] * 9
    assert positive_int("12", maximum=10) is None
    assert parse_ids(["3", "3", "x", "1"]) == ([3, 1], ["x"])


@pytest.mark.parametrize("action", ["ajouter", "retirer"])
@pytest.mark.parametrize("value", ["²", HUGE, "-1"])
def test_a_bad_notice_number_posted_to_the_basket_is_a_french_message(client, published, action, value):
    response = client.post("/mon-espace/panier/modifier/", {action: value, "next": BASE}, follow=True)
    assert response.status_code == 200
    assert "Cette notice n’existe pas ou n’est plus publiée." in response.content.decode()


@pytest.mark.parametrize("year", [HUGE, "-2023", "²", "0"])
def test_the_info_doc_dashboard_reads_a_bad_year_as_the_current_one(db, client, year):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.urls import reverse
    from django.utils import timezone

    member = get_user_model().objects.create_user("documentaliste", "doc@example.org", "pw")
    member.groups.add(Group.objects.get(name="Service info-doc"))
    client.force_login(member)
    for name in ("infodoc_dashboard", "infodoc_dashboard_csv"):
        response = client.get(reverse(name), {"annee": year})
        assert response.status_code == 200
    assert str(timezone.localdate().year) in client.get(reverse("infodoc_dashboard"), {"annee": year}).content.decode()
