"""A partner never sees, edits, deletes nor attaches to another centre's notices: they do not
exist for it (404), even under the same identifier."""
from django.core.files.uploadedfile import SimpleUploadedFile

from base_documentaire.models import Notice
from tests.pdfs import pdf_bytes

from .conftest import NOTICE


def test_another_centres_notice_is_invisible_and_untouchable(api, other_api, vocabulary):
    assert api.post("notices/", NOTICE).status_code == 201
    assert other_api.get("notices/").json()["count"] == 0
    assert other_api.get("notices/pmb-1001/").status_code == 404
    assert other_api.get("notices/pmb-1001/statut/").status_code == 404
    assert other_api.patch("notices/pmb-1001/", {"titre": "Piraté"}).status_code == 404
    assert other_api.put("notices/pmb-1001/", {"titre": "Piraté"}).status_code == 404
    assert other_api.delete("notices/pmb-1001/").status_code == 404
    upload = SimpleUploadedFile("x.pdf", pdf_bytes("x"), content_type="application/pdf")
    assert other_api.upload("notices/pmb-1001/fichiers/", {"fichier": upload}).status_code == 404
    notice = Notice.objects.get(external_id="pmb-1001")
    assert notice.get_latest_revision_as_object().titre == NOTICE["titre"] and notice.fichiers.count() == 0


def test_same_identifier_in_two_centres_makes_two_notices(api, other_api, vocabulary, contributeurs):
    assert api.post("notices/", NOTICE).status_code == 201
    response = other_api.post("notices/", {**NOTICE, "titre": "Notice de RésO Villes"})
    assert response.status_code == 201
    assert Notice.objects.filter(external_id="pmb-1001").count() == 2
    assert api.get("notices/pmb-1001/").json()["titre"] == NOTICE["titre"]
    assert other_api.get("notices/pmb-1001/").json()["titre"] == "Notice de RésO Villes"


def test_notices_of_the_centre_without_external_id_are_not_reachable(api, partner, vocabulary):
    from tests.base_documentaire.conftest import make_notice

    make_notice("Saisie à la main dans l'admin", contributeur=partner[0].contributeur)
    assert api.get("notices/").json()["count"] == 0


def test_notice_locked_by_a_moderator_cannot_be_changed(api, partner, moderator, vocabulary):
    from tests.base_documentaire.conftest import make_notice

    notice = make_notice("Verrouillée", contributeur=partner[0].contributeur, external_id="pmb-8")
    notice.locked, notice.locked_by = True, moderator
    notice.save()
    response = api.patch("notices/pmb-8/", {"titre": "Autre"})
    assert response.status_code == 409
    assert "verrouillée" in response.json()["errors"]["non_field_errors"][0]
    assert api.delete("notices/pmb-8/").status_code == 409
    assert Notice.objects.get(pk=notice.pk).titre == "Verrouillée"
