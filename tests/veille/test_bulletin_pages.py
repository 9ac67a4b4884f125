"""The bulletin de veille as pages: a bulletin shows its rubriques (headings, an ordered list of the chosen
notices with their permalink, the documentalist's comment escaped, « repéré par » another centre), the
archive lists the published bulletins and its RSS feed is valid XML."""
import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from tests.base_documentaire.conftest import make_notice
from tests.veille.bulletins import make_archive, make_bulletin, rubrique
from veille.bulletins.blocks import RubriqueBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(documentary_page):
    return make_archive()


@pytest.fixture
def chosen(vocabulary, contributeurs):
    return {
        "own": make_notice("Santé mentale des jeunes", themes=[vocabulary["sante"]],
                           contributeur=contributeurs["vto"], annee=2026, type_document="dossier"),
        "other": make_notice("Emploi dans les quartiers", contributeur=contributeurs["resovilles"], annee=2026),
        "draft": make_notice("Brouillon", publish=False, contributeur=contributeurs["vto"]),
    }


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@override_settings(CRPV_CONTRIBUTEUR_CODE="vto")
def test_bulletin_page_lists_the_chosen_notices_in_order(archive, chosen):
    bulletin = make_bulletin(archive, rubriques=[
        rubrique("Santé", [(chosen["other"], "Un <script>alert(1)</script> à lire"), chosen["own"], chosen["draft"]],
                 theme="Santé"),
        rubrique("Emploi", [])])
    response = Client().get(bulletin.url)
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text() == "Bulletin de veille n° 1"
    assert [h2.get_text() for h2 in page.select("article h2")] == ["Santé", "Emploi"]
    items = page.select("article section")[0].select("ol > li")
    assert [item.h3.get_text(strip=True) for item in items] == ["Emploi dans les quartiers", "Santé mentale des jeunes"]
    assert items[0].h3.a["href"] == f"https://crpv.example.org/base-documentaire/notices/{chosen['other'].pk}/"
    assert "repéré par RésO Villes" in items[0].get_text()
    assert "repéré par" not in items[1].get_text()  # the centre's own notice
    assert "<script>" not in response.content.decode()
    assert "Un <script>alert(1)</script> à lire" in items[0].select_one(".bulletin-comment").get_text()
    assert "Brouillon" not in response.content.decode()  # an unpublished notice is not shown
    assert "Rien de nouveau dans cette rubrique pour cette période." in page.select("article section")[1].get_text()


def test_archive_lists_published_bulletins_latest_first_with_valid_rss(archive, chosen):
    make_bulletin(archive, 1, [rubrique("Santé", [chosen["own"]])])
    make_bulletin(archive, 2, debut=datetime.date(2026, 12, 1), fin=datetime.date(2026, 12, 31),
                  introduction="<p>Décembre & <b>fêtes</b></p>")
    make_bulletin(archive, 3, publish=False, debut=datetime.date(2027, 1, 1), fin=datetime.date(2027, 1, 31))
    page = soup(Client().get(archive.url))
    assert [a.get_text() for a in page.select(".bulletin-list a")] == ["Bulletin de veille n° 2",
                                                                        "Bulletin de veille n° 1"]
    assert page.find("link", rel="alternate")["href"] == archive.url + "flux/"
    feed = Client().get(archive.url + "flux/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(feed.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Bulletin de veille n° 2", "Bulletin de veille n° 1"]
    assert items[0].findtext("link") == "https://crpv.example.org/bulletins/bulletin-2/"
    assert items[0].findtext("description") == "Décembre & fêtes"


def test_rubrique_search_is_validated_by_the_documentary_search():
    block = RubriqueBlock()
    value = block.to_python({"titre": "Tout", "mots": "x" * 600, "theme": "", "territoire": "", "type": "",
                             "notices": []})
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "mots" in error.value.block_errors
    good = block.to_python({"titre": "Santé", "mots": "santé mentale", "theme": "Santé", "territoire": "",
                            "type": "", "notices": []})
    assert block.clean(good).search().words() == "« santé mentale » ; Thème : Santé"


def test_period_end_before_start_is_refused(archive):
    bulletin = make_bulletin(archive, publish=False)
    bulletin.debut, bulletin.fin = datetime.date(2026, 12, 1), datetime.date(2026, 11, 1)
    with pytest.raises(ValidationError) as error:
        bulletin.full_clean()
    assert "fin" in error.value.message_dict

