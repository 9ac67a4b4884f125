"""Done means (issue 13): a reader subscribes to a search from its results page, confirms by e-mail, gets a
digest listing a newly imported matching notice, no second digest when nothing is new, and nothing more after
one-click unsubscribing: through the real SMTP server (Mailpit), on each search engine."""
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client

from base_documentaire.models import Notice
from tests.base_documentaire.conftest import make_notice
from tests.mailpit import links
from tests.veille.conftest import SITE, link_to, one_click_target, path_of
from veille.models import Alerte

READER = "lea.martin@example.org"
CSV_HEADER = "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf\n"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def import_csv(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text(CSV_HEADER + "".join(rows), encoding="utf-8")
    call_command("import_notices", str(path), "--no-progress", "-v", "0")


def send_alerts(*args):
    call_command("send_alerts", *args, stdout=open("/dev/null", "w"))


@pytest.fixture
def base(search_index, vocabulary, documentary_page):
    make_notice("Santé mentale des jeunes : état des lieux", themes=[vocabulary["sante"]], annee=2020)
    from base_documentaire import indexing

    indexing.sync(refresh=True)
    return documentary_page


def subscription_form(response):
    """The "Receive the new notices by e-mail" form of a results page, as a browser would post it."""
    form = soup(response).find("form", attrs={"action": "/veille/abonnement/"})
    assert form is not None, "no alert form on the results page"
    data = {}
    for field in form.find_all(["input", "select"]):
        if field.name == "select":
            data[field["name"]] = field.find("option", selected=True)["value"]
        elif field.get("name") and field.get("type") != "submit":
            data.setdefault(field["name"], []).append(field.get("value", ""))
    return data


def test_subscribe_confirm_receive_once_unsubscribe(base, tmp_path, mailpit):
    browser = Client(enforce_csrf_checks=True)
    results = browser.get("/base-documentaire/", {"q": "santé mentale", "theme": "Santé", "tri": "titre"})
    assert results.status_code == 200
    data = subscription_form(results)
    data["email"] = [READER]
    data["frequence"] = "quotidienne"
    answer = browser.post("/veille/abonnement/", data)
    assert answer.status_code == 200
    assert "Consultez votre messagerie" in soup(answer).h1.get_text()

    (confirmation,) = mailpit.wait_for(READER)
    assert confirmation["Subject"] == "Confirmez votre alerte par e-mail"
    assert "« santé mentale » ; Thème : Santé" in confirmation["Text"]
    confirm_url = link_to(confirmation, r"/veille/confirmation/")
    assert confirm_url in confirmation["Text"]
    alert = Alerte.objects.get(email=READER)
    assert alert.recherche == "q=sant%C3%A9+mentale&theme=Sant%C3%A9" and alert.confirmee_le is None

    page = browser.get(path_of(confirm_url))  # a mail scanner following the link confirms nothing
    assert page.status_code == 200
    assert soup(page).find("button", string="Confirmer mon alerte") is not None
    alert.refresh_from_db()
    assert alert.confirmee_le is None
    csrf = soup(page).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    confirmed = browser.post(path_of(confirm_url), {"csrfmiddlewaretoken": csrf})
    assert "Votre alerte est confirmée" in soup(confirmed).h1.get_text()
    alert.refresh_from_db()
    assert alert.confirmee_le is not None

    import_csv(tmp_path, "nouveautes.csv", [
        "n1,Santé mentale en quartier prioritaire : guide,Les conseils locaux de santé mentale.,Guide,,2026,Santé,,fre,\n",
        "n2,Emploi des jeunes,Une autre question.,Guide,,2026,Emploi et développement économique,,fre,\n",
    ])
    mailpit.clear()
    send_alerts("--now")
    (digest,) = mailpit.wait_for(READER)
    new = Notice.objects.get(external_id="n1")
    assert digest["Subject"] == "1 nouvelle notice : « santé mentale » ; Thème : Santé"
    assert f"{SITE}/base-documentaire/notices/{new.pk}/" in links(digest)
    assert "Santé mentale en quartier prioritaire : guide" in digest["Text"]
    assert "Emploi des jeunes" not in digest["Text"] and "état des lieux" not in digest["Text"]
    unsubscribe_url = one_click_target(digest)
    assert unsubscribe_url == f"{SITE}/veille/desabonnement/{alert.jeton}/"
    assert digest["Headers"]["List-Unsubscribe-Post"] == ["List-Unsubscribe=One-Click"]
    assert unsubscribe_url in links(digest)

    send_alerts("--now")  # nothing new since: no second digest
    assert [message["Subject"] for message in mailpit.messages(READER)] == [digest["Subject"]]

    one_click = Client(enforce_csrf_checks=True).post(path_of(unsubscribe_url), {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    assert not Alerte.objects.filter(email=READER).exists()

    import_csv(tmp_path, "encore.csv", [
        "n3,Santé mentale et logement,Un guide de plus.,Guide,,2026,Santé,,fre,\n"])
    mailpit.clear()
    send_alerts("--now")
    assert mailpit.messages(READER) == []
