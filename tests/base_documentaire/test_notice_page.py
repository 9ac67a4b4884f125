"""The public notice page: permalink, all fields, metadata for Zotero, related notices."""
import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile

from base_documentaire.models import Fichier, NoticeFichier


@pytest.fixture
def notice(documentary_page, notices):
    return notices["sante"]


def get(client, notice):
    return client.get(f"/base-documentaire/notices/{notice.pk}/")


def test_notice_page_shows_fields_and_links_vocabularies_to_searches(client, notice, django_assert_max_num_queries):
    get(client, notice)  # first request of a site creates its settings row
    # doublons: +1, the associated contributeurs; +1 the labels waiting to be mapped (candidate terms)
    with django_assert_max_num_queries(19):
        response = get(client, notice)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.h1.get_text(strip=True) == notice.titre
    assert html.find("a", string="Santé")["href"] == "/base-documentaire/?theme=Sant%C3%A9"
    assert html.find("a", string="Montpellier (34)")["href"].startswith("/base-documentaire/?territoire=")


def test_metadata_for_reference_managers(client, notice):
    html = BeautifulSoup(get(client, notice).content, "html.parser")
    assert html.find("meta", attrs={"name": "citation_title"})["content"] == notice.titre
    assert html.find("meta", attrs={"name": "citation_author"})["content"] == "Villes et Territoires Occitanie"
    assert html.find("meta", attrs={"name": "citation_publication_date"})["content"] == "2019"
    assert html.find("meta", attrs={"name": "citation_language"})["content"] == "fr"
    data = json.loads(html.find("script", attrs={"type": "application/ld+json"}).string)
    assert data["name"] == notice.titre and data["@context"] == "https://schema.org"
    assert data["inLanguage"] == "fr"  # a BCP 47 tag, not the catalogue's ISO 639-2 "fre"
    coins = html.find("span", class_="Z3988")["title"]
    assert "ctx_ver=Z39.88-2004" in coins and "rft.date=2019" in coins
    assert html.find("link", rel="canonical")["href"].endswith(f"/base-documentaire/notices/{notice.pk}/")


def test_unpublished_or_unknown_notice_is_404(client, documentary_page, notices):
    assert get(client, notices["brouillon"]).status_code == 404
    assert client.get("/base-documentaire/notices/999999/").status_code == 404


def test_private_files_are_listed_nowhere_and_never_served(client, notice):
    public = Fichier.objects.create(title="Dossier complet", file=ContentFile(b"%PDF-1.4 public", name="dossier.pdf"))
    private = Fichier.objects.create(title="Version de travail", prive=True,
                                     file=ContentFile(b"%PDF-1.4 secret", name="travail.pdf"))
    NoticeFichier.objects.create(notice=notice, fichier=public)
    NoticeFichier.objects.create(notice=notice, fichier=private)

    html = BeautifulSoup(get(client, notice).content, "html.parser")
    assert html.find("a", string="Dossier complet")
    assert not html.find("a", string="Version de travail")
    assert client.get(private.url).status_code == 404
    downloaded = client.get(public.url)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == b"%PDF-1.4 public"


def test_related_notices(client, documentary_page, notices):
    html = BeautifulSoup(get(client, notices["egalite"]).content, "html.parser")
    related = html.find("aside", class_="similar")
    assert related is not None and related.find("a")


def test_html_in_fields_is_shown_as_text(client, documentary_page, notices):
    from tests.base_documentaire.conftest import make_notice

    hostile = make_notice("<script>alert('x')</script> Titre", resume="<img src=x onerror=alert(1)>")
    content = get(client, hostile).content
    assert b"<script>alert('x')</script>" not in content and b"<img src=x" not in content
