"""The public request form: validation in French, spam protection, reference and e-mails."""
import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.utils.html import escape

from wagtail.models import ModelLogEntry

from infodoc.models import DemandeInfoDoc
from infodoc import spam
from infodoc.spam import RATE_LIMIT


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def valid_data(territories):
    return {"nom": "Awa Diallo", "organisation": "Ville de Sarcelles", "type_structure": "ville",
            "email": "awa.diallo@example.org", "telephone": "01 34 00 00 00", "territoire_libelle": "sarcelles",
            "question": "Quels cabinets ont accompagné l'évaluation des contrats de ville dans le Val-d'Oise ?",
            "echeance_souhaitee": "", "consentement": "on"}


def post(client, page, data):
    return client.post(page.url, data)


def test_form_renders_within_budget(client, request_page, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = client.get(request_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="territoire_libelle"' in html and 'list="infodoc-territoires"' in html
    assert 'name="site_internet"' in html  # the honeypot


def test_form_messages_are_in_french(client, request_page, valid_data):
    """The catalogue holds the service's strings: the public sees French, not the English msgids (the e-mails:
    test_emails.py)."""
    html = client.get(request_page.url).content.decode()
    assert "Envoyer ma demande" in html and "Send my request" not in html
    refused = post(client, request_page, {**valid_data, "consentement": ""}).content.decode()
    assert "Votre accord est nécessaire pour traiter votre demande." in refused


def test_valid_request_gets_a_reference_on_screen(client, request_page, valid_data, infodoc_settings):
    """(By e-mail too: test_emails.py.)"""
    response = post(client, request_page, valid_data)
    assert response.status_code == 302
    demande = DemandeInfoDoc.objects.get()
    assert demande.reference == f"ID-{demande.annee}-0001"
    assert demande.territoire.libelle == "Sarcelles (95)"  # typed without capital, matched
    assert demande.consentement and demande.consentement_le is not None
    assert ModelLogEntry.objects.filter(object_id=str(demande.pk), action="wagtail.create").exists()
    page = client.get(response["Location"]).content.decode()
    assert demande.reference in page and "Une confirmation portant cette référence" in page


def test_references_are_sequential_within_the_year(client, request_page, valid_data):
    post(client, request_page, valid_data)
    post(client, request_page, {**valid_data, "email": "autre@example.org"})
    assert sorted(DemandeInfoDoc.objects.values_list("numero", flat=True)) == [1, 2]


def test_thank_you_page_shows_only_this_browsers_reference(client, request_page, valid_data):
    post(client, request_page, valid_data)
    from django.test import Client

    other = Client()
    response = other.get(request_page.url + "merci/")
    assert response.status_code == 302 and response["Location"] == request_page.url


@pytest.mark.parametrize("change, field, code", [
    ({"consentement": ""}, "consentement", "required"),
    ({"email": "pas-une-adresse"}, "email", "invalid"),
    ({"question": ""}, "question", "required"),
    ({"question": "x" * 5001}, "question", "max_length"),
    ({"question": "<script>alert(1)</script> bonjour à tous"}, "question", "html"),
    ({"nom": "<b>Awa</b>"}, "nom", "html"),
    ({"territoire_libelle": "Sarcel"}, "territoire_libelle", "unknown"),
    ({"echeance_souhaitee": "2001-01-01"}, "echeance_souhaitee", "past"),
])
def test_bad_input_is_refused_with_a_message_and_kept(client, request_page, valid_data, change, field, code):
    response = post(client, request_page, {**valid_data, **change})
    assert response.status_code == 400
    (error,) = response.context["form"].errors.as_data()[field]
    assert error.code == code
    html = response.content.decode()
    message = response.context["form"].errors[field][0]
    assert escape(message) in html  # shown next to the field and in the summary
    assert f'aria-describedby="id_{field}-errors"' in html or f'aria-describedby="id_{field}-help id_{field}-errors"' in html
    assert not DemandeInfoDoc.objects.exists()  # and no e-mail: test_emails.py
    assert 'value="Ville de Sarcelles"' in html  # what was typed is kept


def test_unknown_territory_message_suggests_the_closest_labels(client, request_page, valid_data):
    response = post(client, request_page, {**valid_data, "territoire_libelle": "Sarcel"})
    assert "Sarcelles (95)" in response.context["form"].errors["territoire_libelle"][0]


def test_html_typed_in_the_question_is_shown_escaped(client, request_page, valid_data):
    response = post(client, request_page, {**valid_data, "question": "<script>alert('x')</script> bonjour à tous"})
    html = response.content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; bonjour à tous" in html
    assert "<script>alert('x')" not in html


def test_territory_typed_without_accents_or_code_is_matched(client, request_page, valid_data):
    post(client, request_page, {**valid_data, "territoire_libelle": "  GARGES-LES-GONESSE "})
    assert DemandeInfoDoc.objects.get().territoire.libelle == "Garges-lès-Gonesse (95)"


def test_territory_without_any_close_label_is_refused(client, request_page, valid_data):
    response = post(client, request_page, {**valid_data, "territoire_libelle": "Atlantide"})
    message = response.context["form"].errors["territoire_libelle"][0]
    assert "Atlantide" in message and "(95)" not in message


def test_territory_autocomplete_ignores_case_and_accents(client, request_page, territories):
    response = client.get(request_page.url + "territoires/", {"q": "garges-les"})
    assert response.json() == {"results": ["Garges-lès-Gonesse (95)"]}
    assert client.get(request_page.url + "territoires/", {"q": "v"}).json() == {"results": []}


def test_honeypot_rejects_without_recording(client, request_page, valid_data):
    response = post(client, request_page, {**valid_data, "site_internet": "http://spam.example"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not DemandeInfoDoc.objects.exists()


def test_rate_limit_per_address(client, request_page, valid_data):
    for index in range(RATE_LIMIT):
        assert post(client, request_page, {**valid_data, "email": f"a{index}@example.org"}).status_code == 302
    response = post(client, request_page, {**valid_data, "email": "encore@example.org"})
    assert response.status_code == 429
    assert response.context["form"].non_field_errors()
    assert 'value="encore@example.org"' in response.content.decode()
    assert DemandeInfoDoc.objects.count() == RATE_LIMIT
    other_address = client.post(request_page.url, {**valid_data, "email": "b@example.org"}, REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


def test_concurrent_submissions_never_pass_the_limit_together(rf):
    """Twenty submissions from one address at the same instant: exactly RATE_LIMIT are counted in."""
    threads = 20
    barrier = threading.Barrier(threads)

    def submit():
        barrier.wait()
        return spam.take_slot(rf.post("/", REMOTE_ADDR="10.0.0.7"))

    with ThreadPoolExecutor(threads) as pool:
        taken = list(pool.map(lambda _index: submit(), range(threads)))
    assert taken.count(True) == RATE_LIMIT
    assert spam.rate_limited(rf.post("/", REMOTE_ADDR="10.0.0.7"))
    assert not spam.rate_limited(rf.post("/", REMOTE_ADDR="10.0.0.8"))


def test_deadline_in_the_future_is_kept(client, request_page, valid_data):
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    post(client, request_page, {**valid_data, "echeance_souhaitee": deadline.isoformat()})
    assert DemandeInfoDoc.objects.get().echeance_souhaitee == deadline
