"""Covers (base_documentaire/covers.py): page 1 of a PDF rendered in the task worker after the text
extraction, stored as a Wagtail image with its renditions (WebP and JPEG), shown on the results, the
notice page, the basket, the bulletins and the publications; a typographic placeholder otherwise.
Hostile files end as « échec » or « sans », never as an exception; private files get no cover."""
import io
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from reportlab.pdfgen import canvas
from wagtail.images import get_image_model

from base_documentaire import covers, files_service, indexing
from base_documentaire.covers_display import placeholder, prefetch_covers
from base_documentaire.models import Fichier, NoticeFichier
from base_documentaire.models.files import CoverStatus
from tests import services
from tests.base_documentaire.conftest import make_notice
from tests.pdfs import pdf_bytes
from tests.reseau.contribution.conftest import contributeurs, partner, partner_client  # noqa: F401

PDF = pdf_bytes("Rapport annuel 2023\nPolitique de la ville", "Page deux")


def pdf_with(**canvas_options):
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, **canvas_options)
    document.drawString(72, 72, "Couverture")
    document.showPage()
    document.save()
    return buffer.getvalue()


def stored(title, content, *notices, prive=False, name=None):
    """A stored file, then what the task worker runs after its upload: extraction, then the cover task."""
    fichier = Fichier(title=title, prive=prive)
    fichier.file.save(name or f"{title.lower().replace(' ', '-')}.pdf", ContentFile(content), save=True)
    files_service.extract_and_store(fichier.pk)
    for notice in notices:
        NoticeFichier.objects.create(notice=notice, fichier=fichier)
    return fichier


def upload_in_admin(admin_client, title, content, capture):
    with capture(execute=True):  # the upload's on_commit: extraction task, then the cover task
        response = admin_client.post("/admin/documents/add/", {
            "title": title, "collection": 1,
            "file": SimpleUploadedFile(f"{title}.pdf", content, content_type="application/pdf")})
    assert response.status_code == 302, response.content.decode()[:500]
    return Fichier.objects.get(title=title)


def read_stored(file_field):
    with file_field.open("rb") as handle:
        return handle.read()


def assert_cover_made(fichier):
    fichier.refresh_from_db()
    assert fichier.couverture_statut == CoverStatus.DONE
    image = fichier.couverture
    assert image.collection.name == "Couvertures"
    assert fichier.title not in image.file.name and "couverture-" in image.file.name  # not guessable
    renditions = image.get_renditions(*covers.RENDITIONS)
    assert {r.filter_spec for r in image.renditions.all()} >= set(covers.RENDITIONS)  # made by the worker
    for spec, rendition in renditions.items():
        data = read_stored(rendition.file)
        if spec.endswith("webp"):
            assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", spec
        else:
            assert data[:3] == b"\xff\xd8\xff", spec
    page = PILImage.open(io.BytesIO(read_stored(image.file)))
    assert page.width <= covers.RENDER_BOX[0] and page.height <= covers.RENDER_BOX[1]
    # The first page was drawn: mostly white paper, with dark text on it.
    assert page.convert("L").getextrema()[0] < 100
    return image


# -- Made in the task worker after an upload -------------------------------------------------------
def test_an_admin_upload_gets_its_cover_from_the_task_worker(admin_client, db, django_capture_on_commit_callbacks):
    fichier = upload_in_admin(admin_client, "Rapport annuel", PDF, django_capture_on_commit_callbacks)
    assert fichier.extraction_statut == "texte"
    assert_cover_made(fichier)


@pytest.mark.services
def test_on_minio_the_cover_and_its_renditions_are_in_the_bucket_and_signed(
        real_services, admin_client, db, django_capture_on_commit_callbacks):
    fichier = upload_in_admin(admin_client, "Rapport sur S3", PDF, django_capture_on_commit_callbacks)
    try:
        image = assert_cover_made(fichier)
        bucket, client = services.s3_options()["bucket_name"], services.ensure_bucket()
        webp = image.get_rendition(f"{covers.SIZES['list']}|format-webp")
        for name in (image.file.name, webp.file.name):
            client.head_object(Bucket=bucket, Key=name)  # really on MinIO
        assert "Signature=" in webp.url and ("Expires=" in webp.url or "X-Amz-Expires=" in webp.url)  # like the files
        assert urllib.request.urlopen(webp.url).read()[8:12] == b"WEBP"
        plain = f"{services.s3_options()['endpoint_url'].rstrip('/')}/{bucket}/{webp.file.name}"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(plain)
        assert refused.value.code == 403
    finally:
        fichier.refresh_from_db()
        if fichier.couverture:
            fichier.couverture.delete()
        fichier.file.delete(save=False)


# -- Hostile or unsuitable files: a status, never an exception -------------------------------------
@pytest.mark.parametrize("content, expected", [
    (pdf_with(encrypt="secret"), CoverStatus.FAILED),  # password protected
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF garbage", CoverStatus.FAILED),  # malformed
    (PDF[: len(PDF) // 3], CoverStatus.FAILED),  # truncated
    (b"<html><body>Ceci n'est pas un PDF</body></html>", CoverStatus.NONE),  # fake PDF
    (b"Un simple texte", CoverStatus.NONE),  # not a PDF
], ids=["encrypted", "malformed", "truncated", "html", "text"])
def test_hostile_or_unsuitable_files_get_a_status_and_no_cover(db, content, expected):
    fichier = stored("Hostile", content)
    fichier.refresh_from_db()
    assert fichier.couverture_statut == expected and fichier.couverture is None


def test_a_file_over_the_size_limit_gets_no_cover(db, settings):
    fichier = stored("Gros", PDF)
    settings.PDF_EXTRACTION = {"max_bytes": 1000}
    assert covers.make_cover(fichier.pk) == CoverStatus.FAILED
    fichier.refresh_from_db()
    assert fichier.couverture is None and not get_image_model().objects.exists()  # the old cover is deleted


def test_a_renderer_that_hangs_is_killed(db, settings):
    fichier = stored("Lent", PDF)
    settings.PDF_EXTRACTION = {"timeout_s": 0.01}
    assert covers.make_cover(fichier.pk) == CoverStatus.FAILED


def test_a_huge_or_strip_shaped_page_is_rendered_within_the_box(tmp_path):
    for size in ((14400, 14400), (100, 14400), (14400, 50)):
        source, out = tmp_path / "page.pdf", tmp_path / "page.jpg"
        source.write_bytes(pdf_with(pagesize=size))
        result = covers.render_first_page(source, out)
        assert result.status == CoverStatus.DONE, result.detail
        with PILImage.open(out) as image:
            assert image.width <= covers.RENDER_BOX[0] and image.height <= covers.RENDER_BOX[1]
            assert max(image.size) / min(image.size) <= 3.01  # a strip is cut to a cover's shape


def test_a_storage_outage_leaves_the_file_waiting_for_make_covers(db, monkeypatch):
    from botocore.exceptions import EndpointConnectionError

    fichier = stored("Sur un S3 en panne", PDF)
    old = Fichier.objects.get(pk=fichier.pk).couverture_id

    def unreachable(*args, **kwargs):
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")

    monkeypatch.setattr(Fichier, "open_file", unreachable)
    assert covers.make_cover(fichier.pk) == CoverStatus.PENDING
    assert Fichier.objects.get(pk=fichier.pk).couverture_id == old  # the cover it had is kept


def test_no_file_and_no_notice(db):
    assert covers.make_cover(987654) is None


# -- Privacy ---------------------------------------------------------------------------------------
def test_a_private_file_gets_no_cover_and_loses_one_it_had(db):
    fichier = stored("Confidentiel", PDF)
    image_id = Fichier.objects.get(pk=fichier.pk).couverture_id
    assert image_id
    Fichier.objects.filter(pk=fichier.pk).update(prive=True)
    assert covers.make_cover(fichier.pk) == CoverStatus.NONE
    assert not get_image_model().objects.filter(pk=image_id).exists()
    assert stored("Privé dès le début", PDF, prive=True).couverture_id is None


def test_a_file_saved_private_or_deleted_takes_its_cover_with_it(db, django_capture_on_commit_callbacks):
    fichier = stored("Bientôt privé", PDF)
    fichier.refresh_from_db()
    image = fichier.couverture
    names = [image.file.name] + [rendition.file.name for rendition in image.renditions.all()]
    fichier.prive = True
    with django_capture_on_commit_callbacks(execute=True):
        fichier.save()  # as the admin's edit form saves it
    fichier.refresh_from_db()
    assert fichier.couverture is None and fichier.couverture_statut == CoverStatus.NONE
    assert not any(default_storage.exists(name) for name in names)  # nothing left to serve

    other = stored("Supprimé", PDF)
    image_id = Fichier.objects.get(pk=other.pk).couverture_id
    with django_capture_on_commit_callbacks(execute=True):
        Fichier.objects.get(pk=other.pk).delete()
    assert not get_image_model().objects.filter(pk=image_id).exists()


def test_covers_show_only_where_their_notice_is_shown(client, documentary_page, embedded_index):
    published, draft = make_notice("Rapport publié"), make_notice("Brouillon", publish=False)
    on_draft = stored("Sur un brouillon", PDF, draft)
    stored("Sur le publié", PDF, published)
    indexing.sync(refresh=True)
    image = Fichier.objects.get(pk=on_draft.pk).couverture
    assert image is not None  # ready for the day the notice is published
    html = client.get("/base-documentaire/").content.decode()
    assert html.count("<picture") == 1
    assert image.file.name.split("/")[-1].split(".")[0] not in html
    assert client.get(f"/base-documentaire/notices/{draft.pk}/").status_code == 404


def test_the_covers_collection_is_in_no_partners_chooser(partner, partner_client):
    from reseau.contribution.generic_views_scope import choosable

    stored("Rapport confidentiel du centre", PDF)
    assert get_image_model().objects.exists()
    assert not choosable(get_image_model().objects.all(), partner).exists()
    response = partner_client.get("/admin/images/chooser/")
    assert response.status_code in (200, 403) and "Rapport confidentiel" not in response.content.decode()


# -- Display ---------------------------------------------------------------------------------------
def test_results_and_notice_page_show_a_picture_with_webp_and_a_jpeg_fallback(
        client, documentary_page, embedded_index):
    notice = make_notice("Rapport annuel", type_document="rapport")
    stored("Rapport", PDF, notice)
    indexing.sync(refresh=True)
    results = BeautifulSoup(client.get("/base-documentaire/").content, "html.parser")
    picture = results.select_one(".doc-results picture")
    assert picture.source["type"] == "image/webp" and ".webp" in picture.source["srcset"]
    img = picture.img
    assert img["src"].endswith(".jpg") and img["alt"] == "" and img["loading"] == "lazy"
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    page = BeautifulSoup(client.get(f"/base-documentaire/notices/{notice.pk}/").content, "html.parser")
    img = page.select_one("article.notice .cover-page picture img")
    assert img.has_attr("width") and not img.has_attr("loading") and "max-400x566" in img["src"]


def test_a_notice_without_file_gets_a_placeholder_of_its_type(client, documentary_page, embedded_index):
    notice = make_notice("Guide sans fichier", type_document="guide")
    hostile = make_notice("Rapport au PDF illisible", type_document="rapport")
    stored("Illisible", b"%PDF-1.4 garbage", hostile)
    indexing.sync(refresh=True)
    html = BeautifulSoup(client.get("/base-documentaire/").content, "html.parser")
    assert not html.select(".doc-results img")  # no broken image
    boxes = html.select(".doc-results .cover-placeholder")
    assert len(boxes) == 2 and all(box["aria-hidden"] == "true" for box in boxes)
    labels = {box.select_one(".cover-type").get_text() for box in boxes}
    assert labels == {notice.get_type_document_display(), hostile.get_type_document_display()}
    page = BeautifulSoup(client.get(f"/base-documentaire/notices/{notice.pk}/").content, "html.parser")
    assert page.select_one("article.notice .cover-page.cover-placeholder .cover-initials").get_text() == "G"


def test_placeholders_take_initials_and_a_stable_hue_from_the_type():
    assert placeholder("dossier_presse", "Dossier de presse")["initials"] == "DP"
    assert placeholder("rapport", "Rapport")["initials"] == "R"
    assert placeholder("x", "")["initials"] == "?"
    assert placeholder("rapport", "Rapport")["hue"] == placeholder("rapport", "Rapport")["hue"]


def search_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/base-documentaire/").status_code == 200
    return len(queries)


def test_twenty_results_with_covers_cost_the_queries_of_one(client, documentary_page, embedded_index):
    first = make_notice("Notice 0")
    stored("Fichier 0", PDF, first)
    indexing.sync(refresh=True)
    client.get("/base-documentaire/")  # the site's first request creates its settings rows
    one = search_queries(client)
    cover = Fichier.objects.get(title="Fichier 0")
    for number in range(1, 20):
        notice = make_notice(f"Notice {number}")
        NoticeFichier.objects.create(notice=notice, fichier=cover)  # one file, twenty notices
        if number % 2:
            stored(f"Fichier {number}", PDF, notice)  # a second file after the first: not its cover
    indexing.sync(refresh=True)
    assert search_queries(client) == one


def test_prefetch_covers_reads_a_page_in_two_queries(db, django_assert_num_queries):
    notices = [make_notice(f"Notice {number}") for number in range(20)]
    with django_assert_num_queries(1):
        prefetch_covers(notices)  # none has a cover yet
    for notice in notices[::2]:
        stored(f"Fichier {notice.pk}", PDF, notice)
    with django_assert_num_queries(2):
        prefetch_covers(notices)
    with django_assert_num_queries(0):
        for notice in notices:
            notice._crpv_cover and notice._crpv_cover.get_renditions(*covers.RENDITIONS)
    assert [bool(notice._crpv_cover) for notice in notices] == [True, False] * 10


# -- make_covers -----------------------------------------------------------------------------------
def test_make_covers_makes_the_missing_ones_then_all(db, capsys):
    made, waiting = stored("Déjà faite", PDF), stored("En attente", PDF)
    Fichier.objects.filter(pk=waiting.pk).update(couverture_statut=CoverStatus.PENDING, couverture=None)
    call_command("make_covers")
    assert "Couvertures faites\u00a0: 1\u00a0; sans couverture\u00a0: 0\u00a0; en échec\u00a0: 0" in capsys.readouterr().out
    assert Fichier.objects.get(pk=waiting.pk).couverture_statut == CoverStatus.DONE
    old = Fichier.objects.get(pk=made.pk).couverture_id
    call_command("make_covers", "--all")
    assert Fichier.objects.get(pk=made.pk).couverture_id != old
    assert not get_image_model().objects.filter(pk=old).exists()  # remade, the old one deleted


# -- Bulletins and publications --------------------------------------------------------------------
@pytest.fixture
def bulletin(documentary_page):
    from tests.veille.bulletins import make_archive, make_bulletin, rubrique

    covered, bare = make_notice("Rapport couvert", type_document="rapport"), make_notice("Sans fichier")
    stored("Rapport couvert (PDF)", PDF, covered)
    return make_bulletin(make_archive(), rubriques=[rubrique("Nouveautés", [covered, bare])])


def test_the_bulletin_page_shows_covers_and_placeholders(client, bulletin):
    html = BeautifulSoup(client.get(bulletin.url).content, "html.parser")
    items = html.select(".bulletin-notices li")
    assert items[0].select_one(".cover-mail picture source")["type"] == "image/webp"
    assert items[1].select_one(".cover-placeholder") and not items[1].select("img")


@pytest.mark.services
def test_the_bulletin_e_mail_shows_the_jpeg_cover_at_a_lasting_absolute_address(client, bulletin, mailpit, settings):
    from crpv_site.mail import build_mail
    from veille.bulletins.sending import mail_context

    build_mail("veille/mail/bulletin", {**mail_context(bulletin), "unsubscribe_url": "https://x.test/u"},
               ["lectrice@example.org"]).send()
    html = BeautifulSoup(mailpit.wait_for("lectrice@example.org")[0]["HTML"], "html.parser")
    images = html.select("li img")
    assert len(images) == 1 and images[0]["alt"] == ""
    address = images[0]["src"]
    assert address.startswith(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/couvertures/")
    assert "X-Amz" not in address and "format-jpeg" in address
    response = client.get(address.removeprefix(settings.WAGTAILADMIN_BASE_URL.rstrip("/")))
    assert response.status_code == 302  # to the stored rendition (signed afresh on S3)
    name = response["Location"].split("/media/", 1)[1].split("?")[0]
    with default_storage.open(name) as jpeg:
        assert jpeg.read(3) == b"\xff\xd8\xff"
    wrong = address.replace("/couvertures/", "/couvertures/x")
    assert client.get(wrong.removeprefix(settings.WAGTAILADMIN_BASE_URL.rstrip("/"))).status_code in (403, 404)


def test_a_publication_without_image_shows_its_pdf_cover(client, documentary_page):
    from ressources.publications.models import PublicationFichier, PublicationsIndexPage
    from tests.ressources.publications.conftest import make_publication

    index = documentary_page.get_parent().add_child(instance=PublicationsIndexPage(title="Publications",
                                                                                   slug="publications"))
    index.save_revision().publish()
    with_pdf = make_publication(index, "Actes du séminaire", kind="actes",
                                fichiers=[PublicationFichier(fichier=stored("Actes (PDF)", PDF))])
    without = make_publication(index, "Dossier sans fichier", kind="dossier")
    html = BeautifulSoup(client.get(with_pdf.url).content, "html.parser")
    img = html.select_one("article.publication .cover-page picture img")
    assert img["alt"] == "" and "max-400x566" in img["src"]
    html = BeautifulSoup(client.get(without.url).content, "html.parser")
    assert not html.select("article.publication .cover")  # no placeholder: the publication has its header
