"""A partner submits a notice in the admin, the documentalist publishes it, the public finds it."""
import re

import pytest

from base_documentaire import demo as documentaire_demo
from base_documentaire.documents import notice_schema
from search.engines import get_engine

pytestmark = pytest.mark.browser
TITLE = "Jardins partagés et lien social dans les quartiers de Rennes"
PASSWORD = "motdepasse-Reseau-2026"


@pytest.fixture
def network_site(live_demo):
    """The demo base, a partner of RésO Villes and a documentalist (Moderators group)."""
    from django.contrib.auth.models import Group, User
    from wagtail.models import Page

    from base_documentaire.models import Contributeur
    from reseau.contribution.models import ComptePartenaire

    get_engine().drop(notice_schema())
    documentaire_demo.load(Page.objects.get(depth=2, slug="accueil"))
    partner = User.objects.create_user("camille", "camille@resovilles.example.org", PASSWORD,
                                       first_name="Camille", last_name="Martin")
    ComptePartenaire.objects.create(user=partner, contributeur=Contributeur.objects.get(code="resovilles"))
    moderator = User.objects.create_user("documentaliste", "doc@example.org", PASSWORD)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    yield live_demo
    get_engine().drop(notice_schema())


def log_in(page, base_url, username):
    page.context.clear_cookies()
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base_url + "/admin/")


def test_partner_submits_moderator_publishes_public_finds(network_site, mailpit, page, artifacts):  # data first
    base = network_site
    log_in(page, base, "camille")
    page.goto(base + "/admin/snippets/base_documentaire/notice/add/")
    page.fill("#id_titre", TITLE)
    page.fill("#id_annee", "2025")
    assert page.locator("select#id_contributeur").is_disabled()
    assert page.locator("select#id_contributeur option:checked").inner_text() == "RésO Villes"
    assert page.locator("button[name=action-publish]").count() == 0  # a partner never publishes
    page.locator("footer .w-dropdown__toggle").click()
    page.get_by_role("button", name=re.compile("^Soumettre")).click()
    page.wait_for_url(base + "/admin/snippets/base_documentaire/notice/")  # Wagtail lists after a submission
    row = page.get_by_role("row").filter(has_text=TITLE)
    assert "En attente de validation" in row.text_content()
    row.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r".*/notice/edit/\d+/$"))
    edit_url = page.url
    assert "Soumise à validation" in page.locator(".messages").inner_text()
    page.screenshot(path=str(artifacts / "contribution-partner-submitted.png"), full_page=True)
    assert any(TITLE in message["Subject"] for message in mailpit.wait_for("doc@example.org"))

    log_in(page, base, "documentaliste")
    page.goto(edit_url)
    page.locator("footer .w-dropdown__toggle").click()
    with page.expect_navigation():
        page.locator("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()
    assert page.url == base + "/admin/snippets/base_documentaire/notice/"
    row = page.get_by_role("row").filter(has_text=TITLE)
    assert "Publiée" in row.text_content()
    page.screenshot(path=str(artifacts / "contribution-moderator-published.png"), full_page=True)
    assert any("publiée" in message["Subject"] for message in mailpit.wait_for("camille@resovilles.example.org"))

    page.context.clear_cookies()
    page.goto(base + "/base-documentaire/?contributeur=RésO+Villes")
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(TITLE)
    catalogued = page.locator("dt", has_text="Cataloguée par").locator("xpath=following-sibling::dd[1]")
    assert catalogued.inner_text() == "RésO Villes"
    page.screenshot(path=str(artifacts / "contribution-public-notice.png"), full_page=True)


IMPORT_CSV = (
    "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf\n"
    "nav-1,Habiter les quartiers anciens,Une synthèse.,rapport,,2023,,,fre,\n"
    "nav-2,,Ligne sans titre,rapport,,2022,,,fre,\n"
).encode()


def run_job_in_worker(job_id):
    """The task worker, in its own thread and database connection, as `db_worker` would run it."""
    import threading

    from django.db import connection

    from reseau.contribution import import_jobs

    def work():
        try:
            import_jobs.run(job_id)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()


def test_documentalist_uploads_a_csv_sees_the_progress_then_the_report(network_site, page, artifacts, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    base = network_site
    log_in(page, base, "documentaliste")
    page.goto(base + "/admin/contribution/import/")
    page.set_input_files("#id_fichier", files=[{"name": "catalogue.csv", "mimeType": "text/csv",
                                                "buffer": IMPORT_CSV}])
    page.select_option("#id_contributeur", label="RésO Villes")
    page.get_by_role("button", name="Importer", exact=True).click()
    page.wait_for_url(re.compile(r".*/admin/contribution/import/\d+/$"))
    status = page.locator("#job-status[role=status]")
    assert "En attente du processus de tâches" in status.inner_text()
    assert page.locator("progress#job-progress").count() == 1
    page.screenshot(path=str(artifacts / "contribution-import-progress.png"), full_page=True)

    run_job_in_worker(int(page.url.rstrip("/").rsplit("/", 1)[1]))
    report = page.locator("#report-created")
    report.wait_for(timeout=15000)  # the page polls its progress, then shows the report
    assert report.inner_text() == "1" and page.locator("#report-rejected").inner_text() == "1"
    assert "Terminé" in status.inner_text() and "2 notices sur 2" in status.inner_text()
    rejected = page.get_by_role("table").filter(has_text="Lignes rejetées")
    assert "Titre manquant" in rejected.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le rapport (CSV)").click()
    assert "Rejetée" in download.value.path().read_text(encoding="utf-8-sig")
    page.screenshot(path=str(artifacts / "contribution-import-report.png"), full_page=True)
