"""A UNIMARC record whose document type (200$b) nobody declared is kept, as a CSV row is: the held-out
corpus has six (Recueil, Livret pédagogique, Rapport d'activité)."""
import pytest

from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Notice

from .test_unimarc_equivalence import CORPUS, corpus_vocabulary  # noqa: F401


@pytest.mark.parametrize("name", ["corpus.csv", "corpus.mrc", "corpus.xml"])
def test_undeclared_document_types_are_kept(embedded_index, corpus_vocabulary, name):
    contributeur = Contributeur.objects.create(code="c", nom="Centre")
    report = import_file(CORPUS / name, contributeur=contributeur)
    assert (report.created, report.rejected) == (50, [])
    kept = Notice.objects.filter(contributeur=contributeur, external_id__in=["CRPV-005", "CRPV-016", "CRPV-023"])
    assert [notice.get_type_document_display() for notice in kept.order_by("external_id")] == [
        "Livret pédagogique", "Rapport d'activité", "Recueil"]
