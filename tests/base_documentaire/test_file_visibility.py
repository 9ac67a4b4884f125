"""Files follow their notices' visibility (base_documentaire/file_access.py): a file only on drafts
is served to those who may see one of those drafts, a private file to those who may see a notice
using it; anyone else gets a 404. Checked on `/documents/`, on the dev server's `/media/`, and on
S3 (the real MinIO). The admin's uploads follow the partner API's rules."""
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from base_documentaire.models import Fichier, NoticeFichier
from reseau.contribution.partners import ensure_space
from tests import services
from tests.pdfs import pdf_bytes
from tests.reseau.contribution.conftest import (  # noqa: F401
    centre_notices,
    contributeurs,
    moderator,
    moderator_client,
    other_client,
    other_partner,
    partner,
    partner_client,
)

PDF = pdf_bytes("Rapport annuel du centre")


def attached(title, *notices, private=False, contributeur=None):
    collection = ensure_space(contributeur).collection if contributeur is not None else None
    fichier = Fichier(title=title, prive=private, **({"collection": collection} if collection else {}))
    fichier.file.save(f"{title.replace(' ', '-').lower()}.pdf", ContentFile(PDF), save=True)
    for notice in notices:
        NoticeFichier.objects.create(notice=notice, fichier=fichier)
    return fichier


def served(client, fichier):
    """The bytes a client gets for the file, or the status when it gets none."""
    response = client.get(fichier.url)
    if response.status_code == 302:  # S3: a signed, expiring address of the object
        return urllib.request.urlopen(response["Location"]).read()
    if response.status_code != 200:
        return response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def vto_files(centre_notices, contributeurs):
    vto = contributeurs["vto"]
    return {
        "published": attached("Publié", centre_notices["vto_live"], contributeur=vto),
        "draft": attached("Brouillon seulement", centre_notices["vto_draft"], contributeur=vto),
        "private": attached("Privé publié", centre_notices["vto_live"], private=True, contributeur=vto),
        "both": attached("Brouillon et publié", centre_notices["vto_draft"], centre_notices["vto_live"],
                         contributeur=vto),
    }


def test_a_file_of_a_published_notice_is_public(client, vto_files):
    assert served(client, vto_files["published"]) == PDF
    assert served(client, vto_files["both"]) == PDF  # on a draft too: one published notice is enough


def test_a_file_only_on_drafts_is_not_found_for_the_public(client, vto_files):
    assert served(client, vto_files["draft"]) == 404


def test_a_file_only_on_drafts_is_served_to_those_who_may_see_the_draft(partner_client, moderator_client,
                                                                        other_client, vto_files):
    assert served(partner_client, vto_files["draft"]) == PDF
    assert served(moderator_client, vto_files["draft"]) == PDF
    assert served(other_client, vto_files["draft"]) == 404  # a partner of another centre


def test_a_file_is_hidden_again_when_its_notice_is_unpublished(client, centre_notices, vto_files):
    notice = centre_notices["vto_live"]
    for fichier in ("published", "both"):
        assert served(client, vto_files[fichier]) == PDF
    notice.live = False
    notice.save()
    assert served(client, vto_files["published"]) == 404 and served(client, vto_files["both"]) == 404


def test_another_centres_private_file_is_not_found_for_a_partner(other_client, client, vto_files):
    assert served(other_client, vto_files["private"]) == 404
    assert served(client, vto_files["private"]) == 404


def test_a_private_file_is_served_to_its_centre_and_the_documentalists(partner_client, moderator_client, vto_files):
    assert served(partner_client, vto_files["private"]) == PDF
    assert served(moderator_client, vto_files["private"]) == PDF


def test_an_admin_user_without_notices_does_not_get_private_files(db, django_user_model, vto_files):
    from django.contrib.auth.models import Permission
    from django.test import Client

    editor = django_user_model.objects.create_user("editrice", "e@example.org", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)
    assert served(client, vto_files["private"]) == 404
    assert served(client, vto_files["published"]) == PDF


def test_a_file_no_notice_uses_is_public_unless_private(client, admin_client, db):
    assert served(client, attached("Pièce d'une page")) == PDF
    private = attached("Pièce privée", private=True)
    assert served(client, private) == 404
    assert served(admin_client, private) == PDF


# -- The dev server's /media/ -------------------------------------------------------------------------
def test_dev_media_checks_files_like_documents(dev_urls, client, partner_client, vto_files, settings):
    def media(client, fichier):
        response = client.get(settings.MEDIA_URL + fichier.file.name)
        return b"".join(response.streaming_content) if response.status_code == 200 else response.status_code

    assert media(client, vto_files["published"]) == PDF
    assert media(client, vto_files["draft"]) == 404
    assert media(client, vto_files["private"]) == 404
    assert media(partner_client, vto_files["draft"]) == PDF


def test_dev_media_never_serves_the_admins_import_files(dev_urls, admin_client, settings, db):
    from django.core.files.storage import default_storage

    name = default_storage.save("imports/2026/12/notices.csv", ContentFile(b"id,titre\n1,Secret\n"))
    try:
        assert admin_client.get(settings.MEDIA_URL + name).status_code == 404
    finally:
        default_storage.delete(name)


# -- S3: the real MinIO ------------------------------------------------------------------------------
@pytest.mark.services
def test_on_s3_files_follow_their_notices_too(real_services, client, partner_client, other_client, vto_files):
    """The files are written to MinIO (real_services comes first); Django checks, then redirects to a
    signed, expiring address; the bucket serves nothing unsigned."""
    draft, published, private = vto_files["draft"], vto_files["published"], vto_files["private"]
    try:
        bucket = services.s3_options()["bucket_name"]
        services.ensure_bucket().head_object(Bucket=bucket, Key=draft.file.name)  # really on S3
        assert served(client, published) == PDF
        assert served(client, draft) == 404 and served(client, private) == 404
        assert served(other_client, draft) == 404 and served(other_client, private) == 404
        assert served(partner_client, draft) == PDF and served(partner_client, private) == PDF
        plain = f"{services.s3_options()['endpoint_url'].rstrip('/')}/{bucket}/{draft.file.name}"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(plain)
        assert refused.value.code == 403
    finally:
        for fichier in vto_files.values():
            fichier.file.delete(save=False)


@pytest.fixture
def unsigned_s3(real_services, settings):
    """A bucket whose addresses are not signed (AWS_QUERYSTRING_AUTH=false), as the settings make it."""
    from crpv_site.settings.storage import document_serve_method

    default = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": {
        **default["OPTIONS"], "querystring_auth": False}}}
    settings.WAGTAILDOCS_SERVE_METHOD = document_serve_method(settings.STORAGES)
    return settings


@pytest.mark.services
def test_on_a_bucket_without_signed_addresses_django_streams_the_files_after_its_checks(
        unsigned_s3, client, partner_client, vto_files):
    draft, published = vto_files["draft"], vto_files["published"]
    try:
        assert unsigned_s3.WAGTAILDOCS_SERVE_METHOD == "serve_view"
        response = client.get(published.url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF  # no reusable redirect
        assert served(client, draft) == 404 and served(partner_client, draft) == PDF
    finally:
        for fichier in vto_files.values():
            fichier.file.delete(save=False)


# -- The admin's uploads follow the API's rules ------------------------------------------------------
FAKE_PDF = b"<html><body><script>alert(1)</script>Ceci n'est pas un PDF</body></html>"


def test_a_fake_pdf_uploaded_in_the_admin_is_refused_in_french_and_nothing_is_saved(admin_client, db, settings):
    from pathlib import Path

    before = set(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else set()
    response = admin_client.post("/admin/documents/add/", {
        "title": "Faux PDF", "collection": 1,
        "file": SimpleUploadedFile("rapport.pdf", FAKE_PDF, content_type="application/pdf")})
    assert response.status_code == 200
    assert "porte l&#x27;extension .pdf mais son contenu n&#x27;est pas un PDF" in response.content.decode()
    assert not Fichier.objects.filter(title="Faux PDF").exists()
    after = set(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else set()
    assert not [path for path in after - before if path.is_file()]


def test_the_multiple_upload_refuses_a_fake_pdf_in_french(admin_client, db):
    response = admin_client.post("/admin/documents/multiple/add/", {
        "files[]": SimpleUploadedFile("rapport.pdf", FAKE_PDF, content_type="application/pdf")})
    data = response.json()
    assert data["success"] is False
    assert "n'est pas un PDF" in data["error_message"]
    assert not Fichier.objects.exists()


def test_markup_is_refused_whatever_its_name(admin_client, db):
    for name, content in (("page.txt", b"<!DOCTYPE html><html><body>x</body></html>"),
                          ("dessin.csv", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")):
        response = admin_client.post("/admin/documents/add/", {
            "title": name, "collection": 1, "file": SimpleUploadedFile(name, content)})
        assert "Type de fichier refusé" in response.content.decode(), name
    assert not Fichier.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_in_french(admin_client, db, settings):
    settings.PDF_EXTRACTION = {"max_bytes": 1000}
    response = admin_client.post("/admin/documents/add/", {
        "title": "Trop gros", "collection": 1,
        "file": SimpleUploadedFile("gros.pdf", PDF + b"0" * 2000, content_type="application/pdf")})
    assert "Le fichier est trop volumineux" in response.content.decode()
    assert not Fichier.objects.exists()


def test_a_real_pdf_is_still_accepted(admin_client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/documents/add/", {
            "title": "Vrai PDF", "collection": 1,
            "file": SimpleUploadedFile("vrai.pdf", PDF, content_type="application/pdf")})
    assert Fichier.objects.get(title="Vrai PDF").type_mime == "application/pdf"
