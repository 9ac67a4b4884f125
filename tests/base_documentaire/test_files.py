"""Files attached to notices: real type from content, text extracted in the background,
indexed with the notice; on S3 settings, the bytes land in the real MinIO bucket."""
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from base_documentaire.extraction import ExtractionStatus
from base_documentaire.models import Fichier, NoticeFichier
from search.engines.base import SearchQuery
from tests import services
from tests.base_documentaire.conftest import make_notice
from tests.pdfs import pdf_bytes

REPORT = pdf_bytes("Rapport sur la biodiversité urbaine\ndans les quartiers prioritaires", "Deuxième page : jardins")


def upload_through_admin(admin_client, content, name="rapport.pdf", title="Rapport biodiversité"):
    response = admin_client.post("/admin/documents/add/", {
        "title": title, "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        "collection": 1,
    })
    assert response.status_code in (200, 302), response.content[:500]
    return Fichier.objects.get(title=title)


def test_upload_extracts_text_and_makes_the_notice_findable(admin_client, search_index,
                                                            django_capture_on_commit_callbacks):
    notice = make_notice("Nature en ville")
    with django_capture_on_commit_callbacks(execute=True):
        fichier = upload_through_admin(admin_client, REPORT)
        NoticeFichier.objects.create(notice=notice, fichier=fichier)
        indexing.schedule([notice.pk])
    fichier.refresh_from_db()
    assert fichier.type_mime == "application/pdf"
    assert fichier.extraction_statut == ExtractionStatus.TEXT and fichier.pages == 2
    assert "biodiversité" in fichier.texte
    indexing.sync(refresh=True)
    hits = search_index.search(notice_schema(), SearchQuery(text="biodiversite jardins")).hits
    assert [hit.id for hit in hits] == [str(notice.pk)]
    assert "<mark>" in " ".join(hits[0].highlights.get("texte", []))


# HTML named .pdf is refused at upload now (test_file_visibility.py): the admin follows the API's rules.
@pytest.mark.parametrize("content, mime", [
    (REPORT[: len(REPORT) // 3], "application/pdf"),
])
def test_bad_pdfs_never_fail_the_upload(admin_client, db, django_capture_on_commit_callbacks, content, mime):
    with django_capture_on_commit_callbacks(execute=True):
        fichier = upload_through_admin(admin_client, content, name="faux.pdf", title="Faux PDF")
    fichier.refresh_from_db()
    assert fichier.extraction_statut == ExtractionStatus.INVALID
    assert fichier.texte == ""
    assert fichier.type_mime == mime  # read from the bytes, not from the ".pdf" name


@pytest.mark.services
def test_pdf_attached_through_the_admin_round_trips_through_minio(admin_client, real_services,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fichier = upload_through_admin(admin_client, REPORT, title="Rapport sur S3")
    fichier.refresh_from_db()
    bucket = services.s3_options()["bucket_name"]
    stored = services.ensure_bucket().get_object(Bucket=bucket, Key=fichier.file.name)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(REPORT).hexdigest()
    assert fichier.extraction_statut == ExtractionStatus.TEXT and "biodiversité" in fichier.texte
    served = admin_client.get(fichier.url)
    body = served.content if not served.streaming else b"".join(served.streaming_content)
    if served.status_code == 302:  # S3 storages serve through a signed, expiring URL
        import urllib.request

        body = urllib.request.urlopen(served["Location"]).read()
    assert body == REPORT
    fichier.file.delete(save=False)



@pytest.mark.services
def test_upload_while_minio_is_down_says_so_in_french_and_loses_nothing(admin_client, real_services,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kept = upload_through_admin(admin_client, REPORT, title="Déjà enregistré")
    services.service("stop", "minio")
    try:
        response = admin_client.post("/admin/documents/add/", {
            "title": "Pendant la panne", "collection": 1,
            "file": SimpleUploadedFile("panne.pdf", REPORT, content_type="application/pdf"),
        }, follow=True)
    finally:
        services.service("start", "minio")
    assert response.status_code == 200
    assert "Le stockage des fichiers est indisponible" in response.content.decode()
    assert not Fichier.objects.filter(title="Pendant la panne").exists()
    kept.refresh_from_db()
    assert kept.file.read() == REPORT  # the file saved before the outage is intact and readable again
    kept.file.delete(save=False)


def test_private_file_text_is_not_indexed(search_index):
    notice = make_notice("Notice avec un fichier privé")
    fichier = Fichier.objects.create(title="Privé", prive=True, file=ContentFile(b"x", name="prive.txt"))
    Fichier.objects.filter(pk=fichier.pk).update(texte="confidentiel", extraction_statut=ExtractionStatus.TEXT)
    NoticeFichier.objects.create(notice=notice, fichier=fichier)
    indexing.schedule([notice.pk])
    indexing.sync(refresh=True)
    assert search_index.search(notice_schema(), SearchQuery(text="confidentiel")).total == 0
