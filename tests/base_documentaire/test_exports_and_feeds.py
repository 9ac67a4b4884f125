"""Exports of a notice, a basket or a whole search, and the RSS feed of a search, read back
with real parsers (rispy, bibtexparser, json, feedparser)."""
import json

import bibtexparser
import feedparser
import pytest
import rispy

BASE = "/base-documentaire/"


@pytest.fixture
def data(documentary_page, notices):
    return notices


def body(response):
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode()


def test_one_notice_as_ris(client, data):
    notice = data["emploi"]
    response = client.get(f"{BASE}notices/{notice.pk}/export/ris/")
    assert response["Content-Disposition"] == f'attachment; filename="notice-{notice.pk}.ris"'
    records = rispy.loads(body(response))
    assert [record["title"] for record in records] == [notice.titre]


def test_basket_as_bibtex(client, data):
    ids = [data["emploi"].pk, data["sante"].pk]
    library = bibtexparser.parse_string(body(client.get(f"{BASE}export/", {"format": "bibtex", "id": ids})))
    assert sorted(entry["title"].strip("{}") for entry in library.entries) == sorted(
        [data["emploi"].titre, data["sante"].titre])


def test_basket_never_exports_drafts(client, data):
    exported = json.loads(body(client.get(f"{BASE}export/", {"format": "csljson", "id": [data["brouillon"].pk]})))
    assert exported == []


def test_whole_search_as_csl_json(client, data):
    items = json.loads(body(client.get(f"{BASE}export/", {"format": "csljson", "territoire": "Occitanie"})))
    assert sorted(item["title"] for item in items) == sorted([data["sante"].titre, data["egalite"].titre])


def test_unknown_format_is_refused_in_french(client, data):
    response = client.get(f"{BASE}export/", {"format": "docx", "id": [data["emploi"].pk]})
    assert response.status_code == 400 and "Format d'export inconnu" in response.content.decode()


def test_rss_feed_of_a_search(client, data):
    feed = feedparser.parse(body(client.get(f"{BASE}flux/", {"q": "quartiers"})))
    assert feed.bozo == 0
    assert feed.feed.title == "Base documentaire : quartiers"
    assert sorted(entry.title for entry in feed.entries) == sorted([data["sante"].titre, data["emploi"].titre])
    assert all(entry.link.startswith("http://testserver/base-documentaire/notices/") for entry in feed.entries)
