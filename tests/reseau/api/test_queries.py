"""The list endpoint costs the same number of queries for 1 notice or a full page."""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pdfs import pdf_bytes

from .conftest import NOTICE

# token, count, notices, workflow states, refusals, themes, territories, tags, files, documentary page, sites
BUDGET = 11


def test_list_query_budget_does_not_grow_with_the_page(api, partner, vocabulary, documentary_page, moderator,
                                                      django_assert_max_num_queries):
    from base_documentaire.models import Notice

    from .test_status import moderate

    for number in range(30):
        api.post("notices/", {**NOTICE, "id": f"n-{number}", "mots_cles": [f"mot {number}", "commun"]})
    api.upload("notices/n-0/fichiers/", {"fichier": SimpleUploadedFile("a.pdf", pdf_bytes("a"))})
    moderate(Notice.objects.get(external_id="n-1"), moderator, "approve")
    api.get("notices/")  # the token's last use is written at most once a minute

    with CaptureQueriesContext(connection) as one:
        api.get("notices/", page_size=1)
    with django_assert_max_num_queries(BUDGET):
        page = api.get("notices/", page_size=30).json()
    assert len(one.captured_queries) <= BUDGET
    assert len(page["results"]) == 30
    by_id = {item["id"]: item for item in page["results"]}
    assert by_id["n-1"]["url"] and by_id["n-1"]["statut"] == "publiee"
    assert len(by_id["n-0"]["fichiers"]) == 1 and sorted(by_id["n-5"]["mots_cles"]) == ["commun", "mot 5"]
    assert sorted(by_id["n-7"]["themes"]) == ["Quartiers prioritaires", "Santé"]
