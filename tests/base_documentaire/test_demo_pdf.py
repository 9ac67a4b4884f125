"""The run command's demo shows what a PDF brings: its text found, its cover, the page a word is on."""
from django.http import QueryDict

from base_documentaire import demo, demo_pdf, search_service
from base_documentaire.models import Fichier, Notice
from base_documentaire.models.files import CoverStatus


def test_the_demo_report_has_a_pdf_with_its_text_cover_and_hits_by_page(demo_site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(demo_site)
    notice = Notice.objects.get(external_id=demo_pdf.NOTICE_ID)
    fichier = Fichier.objects.get(notices_liees__notice=notice)
    assert fichier.type_mime == "application/pdf" and fichier.pages == 4
    assert "Cosoter" in fichier.texte.split("\f")[3]
    assert fichier.couverture_statut == CoverStatus.DONE and fichier.couverture is not None

    found = search_service.run(search_service.parse(QueryDict("q=cosoter")))
    hit = next(item for item, _highlights in found.notices if item.pk == notice.pk)
    assert [(page.page, page.url.rsplit("#", 1)[1]) for page in hit.page_hits] == [(4, "page=4")]


def test_the_pdf_is_attached_once(demo_site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(demo_site)
        demo.load(demo_site)
    notice = Notice.objects.get(external_id=demo_pdf.NOTICE_ID)
    assert notice.fichiers.count() == 1
