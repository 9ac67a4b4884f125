"""Mon espace: what the reader keeps, their info-doc requests with their status, a bounded number of queries."""
import pytest
from allauth.account.models import EmailAddress

from infodoc.models import DemandeInfoDoc, Statut
from lecteurs import alerts
from lecteurs.models import Panier, PanierNotice, RechercheEnregistree
from tests.lecteurs.conftest import make_reader

pytestmark = pytest.mark.django_db


def request_from(email, question="Où trouver les chiffres du logement social ?", statut=Statut.NOUVELLE):
    return DemandeInfoDoc.objects.create(nom="Camille Martin", organisation="Ville de Sète", type_structure="ville",
                                         email=email, question=question, statut=statut, consentement=True)


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get("/mon-espace/")
    assert response.status_code == 302 and response["Location"] == "/compte/connexion/?next=/mon-espace/"


def test_the_readers_info_doc_requests_with_their_status(reader_client, reader):
    mine = request_from("LECTRICE@example.org", statut=Statut.EN_COURS)
    answered = request_from("lectrice@example.org", question="Un guide sur la GUSP ?", statut=Statut.REPONDUE)
    EmailAddress.objects.create(user=reader, email="pas.confirmee@example.org", verified=False)
    unconfirmed = request_from("pas.confirmee@example.org", question="Question d'une adresse non confirmée")
    someone_else = request_from("autre@example.org", question="Question de quelqu'un d'autre")

    html = reader_client.get("/mon-espace/").content.decode()
    table = html[html.index('id="demandes-titre"'):html.index("</table>")]
    assert mine.reference in table and answered.reference in table
    assert "En cours" in table and "Répondue" in table
    assert unconfirmed.reference not in table and someone_else.reference not in table


def test_the_page_lists_searches_baskets_and_the_alerts_place(reader_client, reader, notices):
    RechercheEnregistree.objects.create(lecteur=reader, nom="Logement", requete="q=logement")
    saved = Panier.objects.create(lecteur=reader, nom="Thèse")
    PanierNotice.objects.create(panier=saved, notice=notices["sante"])
    html = reader_client.get("/mon-espace/").content.decode()
    assert '<a href="/mon-espace/recherches/' in html and "Mots : logement" in html
    assert f'<a href="/mon-espace/paniers/{saved.pk}/">Thèse</a>' in html and "(1 notice," in html
    assert "Aucune demande info-doc faite avec votre adresse e-mail confirmée." in html
    for link in ("/compte/adresse-email/", "/compte/mot-de-passe/modifier/", "/mon-espace/mes-donnees/",
                 "/mon-espace/supprimer-mon-compte/"):
        assert f'href="{link}"' in html


def fill(reader, notices, count):
    for number in range(count):
        RechercheEnregistree.objects.create(lecteur=reader, nom=f"Recherche {number}", requete="q=logement")
        saved = Panier.objects.create(lecteur=reader, nom=f"Panier {number}")
        PanierNotice.objects.bulk_create([PanierNotice(panier=saved, notice=notice) for notice in notices.values()])
        request_from(reader.email)


# Session, user, the two permission lookups of "is this a reader", the documentary page, e-mail addresses,
# searches, the basket, saved baskets with their sizes, info-doc requests, the alerts and the bulletin
# subscriptions with their archive (when the watch app is installed); the site's header (site, settings, menu).
ESPACE_QUERIES = 13 + 2 * alerts.installed()
# Session, user, permissions (2), the basket's ids, its notices, unpublished count, the documentary page, header (3),
# the notices' covers (base_documentaire/covers_display.py: one query when none has a cover).
PANIER_QUERIES = 12


@pytest.mark.parametrize("count", [1, 5])
def test_my_space_takes_a_fixed_number_of_queries(reader_client, reader, notices, count, django_assert_num_queries):
    fill(reader, notices, count)
    reader_client.get("/mon-espace/")  # warm the site's caches (root paths)
    with django_assert_num_queries(ESPACE_QUERIES):
        response = reader_client.get("/mon-espace/")
    assert response.content.decode().count("Recherche ") >= count


@pytest.mark.parametrize("count", [1, 3])
def test_the_basket_takes_a_fixed_number_of_queries(reader_client, reader, notices, count,
                                                     django_assert_num_queries):
    for notice in list(notices.values())[:count]:
        reader_client.post("/mon-espace/panier/modifier/", {"ajouter": notice.pk})
    reader_client.get("/mon-espace/panier/")
    with django_assert_num_queries(PANIER_QUERIES):
        response = reader_client.get("/mon-espace/panier/")
    assert response.status_code == 200


def test_readers_do_not_see_each_others_space(client, notices):
    owner, other = make_reader("a@example.org"), make_reader("b@example.org")
    RechercheEnregistree.objects.create(lecteur=owner, nom="Secret", requete="q=logement")
    request_from("a@example.org", question="Question privée")
    client.force_login(other)
    html = client.get("/mon-espace/").content.decode()
    assert "Secret" not in html and "Question privée" not in html


def make_alert(email, user=None, query="q=logement"):
    from django.apps import apps

    return apps.get_model("veille", "Alerte").objects.create(recherche=query, email=email, user=user)


def test_the_readers_alerts_with_an_unsubscribe_button(reader_client, reader):
    """The alerts app (veille) keeps the alerts; Mon espace lists the account's and its verified addresses' ones."""
    if not alerts.installed():  # the place is kept, and stays out of the page, until the alerts app is installed
        assert "Mes alertes par e-mail" not in reader_client.get("/mon-espace/").content.decode()
        assert reader_client.post("/mon-espace/alertes/1/desabonner/").status_code == 404
        return
    mine = make_alert(reader.email, user=reader)
    by_address = make_alert("LECTRICE@example.org", query="q=emploi")
    someone_else = make_alert("autre@example.org", query="q=sante")
    html = reader_client.get("/mon-espace/").content.decode()
    section = html[html.index('id="alertes-titre"'):]
    section = section[:section.index("</section>")]
    assert "Mots : logement" in section and "Mots : emploi" in section and "sante" not in section
    assert "en attente de confirmation" in section
    assert f'action="/mon-espace/alertes/{mine.pk}/desabonner/"' in section

    assert reader_client.post(f"/mon-espace/alertes/{someone_else.pk}/desabonner/").status_code == 404
    response = reader_client.post(f"/mon-espace/alertes/{by_address.pk}/desabonner/", follow=True)
    assert "Vous ne recevrez plus cette alerte." in response.content.decode()
    assert set(apps_alerts().values_list("pk", flat=True)) == {mine.pk, someone_else.pk}


def apps_alerts():
    from django.apps import apps

    return apps.get_model("veille", "Alerte").objects.all()
