"""The basket: add and remove from the results and notice pages, keep it, export it, save it under a name."""
import pytest
import rispy
from django.test import Client

from base_documentaire import exporters
from lecteurs import basket
from lecteurs.models import Panier, PanierNotice
from tests.lecteurs.conftest import make_reader

pytestmark = pytest.mark.django_db
RESULTS = "/base-documentaire/?q=quartiers"


def add(client, notice, next_url=RESULTS):
    return client.post("/mon-espace/panier/modifier/", {"ajouter": notice.pk, "next": next_url})


def exported_titles(response):
    return [record["title"] for record in rispy.loads(b"".join(response.streaming_content).decode("utf-8-sig"))]


def test_a_visitor_adds_and_removes_a_notice_from_the_results(client, notices):
    notice = notices["logement"]
    page = client.get(RESULTS).content.decode()
    assert f'name="ajouter" value="{notice.pk}"' in page and 'form="panier-actions"' in page
    assert "Ajouter au panier<span class=\"visually-hidden\"> : « Le logement social dans les quartiers »" in page

    response = add(client, notice)
    assert response.status_code == 302 and response["Location"] == f"{RESULTS}#panier-{notice.pk}"
    page = client.get(RESULTS).content.decode()
    assert f'name="retirer" value="{notice.pk}"' in page
    assert "« Le logement social dans les quartiers » est dans votre panier." in page
    assert "Panier (1 notice)" in page

    client.post("/mon-espace/panier/modifier/", {"retirer": notice.pk, "next": RESULTS})
    page = client.get(RESULTS).content.decode()
    assert f'name="ajouter" value="{notice.pk}"' in page and "Panier (0 notice)" in page


def test_the_notice_page_has_the_basket_button(client, notices):
    notice = notices["sante"]
    url = f"/base-documentaire/notices/{notice.pk}/"
    assert f'name="ajouter" value="{notice.pk}"' in client.get(url).content.decode()
    add(client, notice, next_url=url)
    page = client.get(url).content.decode()
    assert f'name="retirer" value="{notice.pk}"' in page and "Voir mon panier" in page


def test_a_readers_basket_lives_in_the_database(reader_client, reader, notices):
    add(reader_client, notices["logement"])
    add(reader_client, notices["logement"])  # twice: once in the basket
    add(reader_client, notices["sante"])
    lines = PanierNotice.objects.filter(panier__lecteur=reader, panier__courant=True)
    assert [line.notice_id for line in lines] == [notices["logement"].pk, notices["sante"].pk]
    assert "était déjà dans votre panier" in reader_client.get("/mon-espace/panier/").content.decode()


@pytest.mark.parametrize("value", ["999999", "abc", "", "-1"])
def test_only_published_notices_go_in_the_basket(client, notices, value):
    response = client.post("/mon-espace/panier/modifier/", {"ajouter": value, "next": RESULTS})
    assert response.status_code == 302
    assert "Cette notice n’existe pas ou n’est plus publiée." in client.get(RESULTS).content.decode()
    assert client.session.get(basket.SESSION_KEY, []) == []


def test_a_draft_notice_cannot_be_added(client, notices):
    notices["sante"].unpublish()
    add(client, notices["sante"])
    assert client.session.get(basket.SESSION_KEY, []) == []


@pytest.mark.parametrize("who", ["visitor", "reader"])
def test_a_notice_unpublished_since_is_neither_shown_nor_exported(client, notices, who):
    if who == "reader":
        client.force_login(make_reader())
    add(client, notices["logement"])
    add(client, notices["sante"])
    notices["sante"].unpublish()

    page = client.get("/mon-espace/panier/")
    html = page.content.decode()
    listed = html[html.index('<ol class="doc-results">'):html.index("</ol>")]
    assert page.status_code == 200
    assert notices["logement"].titre in listed and notices["sante"].titre not in listed
    assert "1 notice de ce panier n’est plus publiée : elle n’est pas affichée." in html
    assert "Panier (1 notice)" in html
    assert exported_titles(client.get("/mon-espace/panier/export/?format=ris")) == [notices["logement"].titre]
    assert client.get(RESULTS).status_code == 200


def test_a_deleted_notice_leaves_the_basket(reader_client, notices):
    add(reader_client, notices["emploi"])
    notices["emploi"].delete()
    assert PanierNotice.objects.count() == 0
    assert reader_client.get("/mon-espace/panier/").status_code == 200


def test_the_basket_is_bounded(client, notices, monkeypatch):
    monkeypatch.setattr(basket, "MAX_BASKET_NOTICES", 2)
    add(client, notices["logement"])
    add(client, notices["sante"])
    add(client, notices["emploi"])
    assert len(client.session[basket.SESSION_KEY]) == 2
    assert "Le panier est plein (2 notices au plus)" in client.get("/mon-espace/panier/").content.decode()


def test_emptying_the_basket(reader_client, notices):
    add(reader_client, notices["logement"])
    reader_client.post("/mon-espace/panier/modifier/", {"vider": "1"})
    assert "Votre panier est vide." in reader_client.get("/mon-espace/panier/").content.decode()
    assert PanierNotice.objects.count() == 0


def test_the_return_address_stays_on_the_site(client, notices):
    response = client.post("/mon-espace/panier/modifier/", {"ajouter": notices["logement"].pk,
                                                            "next": "https://ailleurs.example/piege"})
    assert response["Location"] == f"/mon-espace/panier/#panier-{notices['logement'].pk}"


def test_basket_changes_need_a_post_and_the_csrf_token(notices):
    client = Client(enforce_csrf_checks=True)
    assert client.get(f"/mon-espace/panier/modifier/?ajouter={notices['logement'].pk}").status_code == 405
    assert client.post("/mon-espace/panier/modifier/", {"ajouter": notices["logement"].pk}).status_code == 403
    assert client.session.get(basket.SESSION_KEY, []) == []


@pytest.mark.parametrize("fmt", list(exporters.EXPORT_FORMATS))
def test_the_basket_exports_in_every_format(client, notices, fmt):
    add(client, notices["logement"])
    response = client.get(f"/mon-espace/panier/export/?format={fmt}")
    extension = exporters.EXPORT_FORMATS[fmt][2]
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="panier.{extension}"'
    assert b"".join(response.streaming_content)


def test_bad_or_empty_exports_are_refused_in_french(client, notices):
    response = client.get("/mon-espace/panier/export/?format=ris", follow=True)
    assert "Votre panier est vide : il n’y a rien à exporter." in response.content.decode()
    add(client, notices["logement"])
    response = client.get("/mon-espace/panier/export/?format=docx")
    assert response.status_code == 400 and response.content.decode() == "Format d'export inconnu."


def test_a_reader_saves_the_basket_under_a_name_and_uses_it_again(reader_client, reader, notices):
    add(reader_client, notices["logement"])
    add(reader_client, notices["emploi"])
    response = reader_client.post("/mon-espace/panier/enregistrer/", {"nom": "  Lectures   d'été "})
    assert response.status_code == 302
    saved = Panier.objects.get(lecteur=reader, courant=False)
    assert saved.nom == "Lectures d'été"
    assert list(saved.lignes.values_list("notice_id", flat=True)) == [notices["logement"].pk, notices["emploi"].pk]
    assert "Lectures d&#x27;été" in reader_client.get("/mon-espace/").content.decode()

    detail = reader_client.get(f"/mon-espace/paniers/{saved.pk}/").content.decode()
    assert notices["logement"].titre in detail
    export = reader_client.get(f"/mon-espace/paniers/{saved.pk}/export/?format=ris")
    assert exported_titles(export) == [notices["logement"].titre, notices["emploi"].titre]

    reader_client.post("/mon-espace/panier/modifier/", {"vider": "1"})
    reader_client.post(f"/mon-espace/paniers/{saved.pk}/reprendre/")
    assert len(basket.ids(_request_for(reader))) == 2

    reader_client.post(f"/mon-espace/paniers/{saved.pk}/supprimer/")
    assert not Panier.objects.filter(pk=saved.pk).exists()
    assert PanierNotice.objects.filter(panier__courant=True).count() == 2  # the current basket is untouched


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user, request.session = user, {}
    return request


def test_saving_the_basket_refuses_bad_input(reader_client, reader, notices):
    response = reader_client.post("/mon-espace/panier/enregistrer/", {"nom": "Vide"}, follow=True)
    assert "Votre panier est vide : il n’y a rien à enregistrer." in response.content.decode()
    add(reader_client, notices["logement"])
    response = reader_client.post("/mon-espace/panier/enregistrer/", {"nom": "   "})
    html = response.content.decode()
    assert response.status_code == 400 and "Champ requis." in html
    assert 'aria-invalid="true"' in html and 'id="id_nom_error"' in html
    reader_client.post("/mon-espace/panier/enregistrer/", {"nom": "Thèse"})
    response = reader_client.post("/mon-espace/panier/enregistrer/", {"nom": "Thèse"})
    assert response.status_code == 400 and "Vous avez déjà un panier de ce nom." in response.content.decode()
    assert Panier.objects.filter(lecteur=reader, courant=False).count() == 1


def test_visitors_are_asked_to_sign_in_to_save_a_basket(client, notices):
    add(client, notices["logement"])
    assert "Connectez-vous</a> ou" in client.get("/mon-espace/panier/").content.decode()
    response = client.post("/mon-espace/panier/enregistrer/", {"nom": "X"})
    assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/?next=")


def test_a_readers_saved_baskets_are_private(client, notices):
    owner, other = make_reader("a@example.org"), make_reader("b@example.org")
    saved = Panier.objects.create(lecteur=owner, nom="Privé")
    PanierNotice.objects.create(panier=saved, notice=notices["sante"])
    client.force_login(other)
    assert client.get(f"/mon-espace/paniers/{saved.pk}/").status_code == 404
    assert client.get(f"/mon-espace/paniers/{saved.pk}/export/?format=ris").status_code == 404
    assert client.post(f"/mon-espace/paniers/{saved.pk}/supprimer/").status_code == 404
    assert Panier.objects.filter(pk=saved.pk).exists()


def test_merging_on_login_keeps_both_baskets_without_doubles(notices):
    reader = make_reader()
    current = basket.current_basket(reader, create=True)
    PanierNotice.objects.create(panier=current, notice=notices["logement"])
    notices["emploi"].unpublish()
    session = {basket.SESSION_KEY: [notices["logement"].pk, notices["sante"].pk, notices["emploi"].pk, "x"]}
    assert basket.merge_into_account(session, reader) == 1
    assert basket.SESSION_KEY not in session
    assert list(current.lignes.values_list("notice_id", flat=True)) == [notices["logement"].pk, notices["sante"].pk]
