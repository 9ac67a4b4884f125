"""Saved searches: saved from the results page, rerun, deleted; bad input refused in French."""
from urllib.parse import quote

import pytest
from django.test import Client

from lecteurs.models import RechercheEnregistree
from lecteurs.searches import canonical_query
from tests.lecteurs.conftest import make_reader

pytestmark = pytest.mark.django_db


def save(client, name, query):
    return client.post("/mon-espace/recherches/enregistrer/", {"nom": name, "requete": query})


def test_the_results_page_offers_to_save_the_search(reader_client, notices):
    html = reader_client.get("/base-documentaire/?q=logement&theme=Logement&page=1").content.decode()
    section = html[html.index('<section class="reader-tools"'):]
    assert 'action="/mon-espace/recherches/enregistrer/"' in section
    assert '<label for="save-search-name">Nom de la recherche</label>' in section
    assert 'name="requete" value="q=logement&amp;theme=Logement&amp;page=1"' in section
    assert "Enregistrer cette recherche" in section


def test_a_saved_search_is_canonical_and_reruns(reader_client, reader, notices):
    response = save(reader_client, "Logement", "page=3&tri=date&theme=Logement&q=  logement   social &annee_min=2019")
    assert response.status_code == 302 and response["Location"] == "/mon-espace/"
    saved = RechercheEnregistree.objects.get(lecteur=reader)
    assert saved.requete == "q=logement+social&theme=Logement&annee_min=2019&tri=date"
    espace = reader_client.get("/mon-espace/").content.decode()
    words = ("Mots : logement social · Thème : Logement · Années : 2019–… · "
             "Trier par : Plus récents d&#x27;abord")
    assert words in espace
    rerun = reader_client.get(f"/mon-espace/recherches/{saved.pk}/")
    assert rerun.status_code == 302 and rerun["Location"] == f"/base-documentaire/?{saved.requete}"
    assert reader_client.get(rerun["Location"]).status_code == 200


def test_canonical_query_ignores_the_page_and_orders_facets():
    from django.http import QueryDict

    assert canonical_query(QueryDict("territoire=Bretagne&theme=B&theme=A&page=2")) == \
        "theme=A&theme=B&territoire=Bretagne"
    assert canonical_query(QueryDict("")) == ""


def test_an_invalid_search_is_refused_in_french(reader_client, reader, notices):
    response = save(reader_client, "Années", "annee_min=abc")
    assert response.status_code == 400
    assert "Doit être un nombre entier." in response.content.decode()
    assert not RechercheEnregistree.objects.exists()


def test_html_in_a_searchs_name_is_shown_as_text(reader_client, notices):
    name = '<script>alert("x")</script><b>gras</b>'
    save(reader_client, name, "q=logement")
    html = reader_client.get("/mon-espace/").content.decode()
    assert "<script>alert" not in html and "<b>gras</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt;" in html


def test_names_are_required_and_unique(reader_client, reader, notices):
    response = save(reader_client, "   ", "q=logement")
    assert response.status_code == 400 and "Champ requis." in response.content.decode()
    save(reader_client, "Ma veille", "q=logement")
    response = save(reader_client, "Ma veille", "q=emploi")
    html = response.content.decode()
    assert response.status_code == 400 and "Vous avez déjà une recherche enregistrée de ce nom." in html
    assert 'aria-describedby="id_nom_error"' in html
    response = save(reader_client, "x" * 201, "q=logement")
    assert response.status_code == 400
    assert RechercheEnregistree.objects.filter(lecteur=reader).count() == 1


def test_deleting_a_saved_search(reader_client, reader, notices):
    save(reader_client, "Logement", "q=logement")
    saved = RechercheEnregistree.objects.get()
    assert reader_client.get(f"/mon-espace/recherches/{saved.pk}/supprimer/").status_code == 405
    response = reader_client.post(f"/mon-espace/recherches/{saved.pk}/supprimer/", follow=True)
    assert "La recherche enregistrée « Logement » a été supprimée." in response.content.decode()
    assert not RechercheEnregistree.objects.exists()


def test_a_readers_searches_are_private(client, notices):
    owner, other = make_reader("a@example.org"), make_reader("b@example.org")
    saved = RechercheEnregistree.objects.create(lecteur=owner, nom="Privée", requete="q=logement")
    client.force_login(other)
    assert client.get(f"/mon-espace/recherches/{saved.pk}/").status_code == 404
    assert client.post(f"/mon-espace/recherches/{saved.pk}/supprimer/").status_code == 404
    assert RechercheEnregistree.objects.filter(pk=saved.pk).exists()
    assert "Privée" not in client.get("/mon-espace/").content.decode()


def test_visitors_sign_in_first_then_find_the_form(client, reader, notices):
    html = client.get("/base-documentaire/?q=logement").content.decode()
    link = f"/mon-espace/recherches/enregistrer/?requete={quote('q=logement', safe='')}&amp;nom=logement"
    assert link in html
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/?next=")
    client.force_login(reader)
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'value="q=logement"' in form and 'value="logement"' in form and "Mots : <strong>logement</strong>" in form


def test_saving_needs_the_csrf_token(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert save(client, "Logement", "q=logement").status_code == 403
    assert not RechercheEnregistree.objects.exists()
