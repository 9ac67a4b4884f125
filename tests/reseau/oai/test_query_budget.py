"""A page costs a fixed number of queries, whatever its size: relations are prefetched per page."""
import pytest

from base_documentaire.models import NoticeAuteur, NoticeLien

from .conftest import NS, make_notice, parse_xml

pytestmark = pytest.mark.django_db
BUDGET = 14


@pytest.fixture
def many_notices(oai_settings, vocabulary, contributeurs, documentary_page):
    v, c = vocabulary, contributeurs
    for number in range(30):
        notice = make_notice(f"Notice {number}", themes=[v["sante"], v["qpv"]], territoires=[v["herault"]],
                             contributeur=c["vto" if number % 2 else "resovilles"], annee=2000 + number,
                             auteurs=[f"Auteur {number}", "Centre"], publish=False)
        notice.liens = [NoticeLien(url=f"https://example.org/{number}")]
        notice.mots_cles.set([f"mot {number}"])
        notice.save()
        notice.save_revision().publish()
    assert NoticeAuteur.objects.count() == 60
    make_notice("Retirée", themes=[v["sante"]]).unpublish()


@pytest.mark.parametrize("page_size", [5, 25])
@pytest.mark.parametrize("verb", ["ListRecords", "ListIdentifiers"])
def test_list_pages_have_a_bounded_query_count(client, settings, many_notices, django_assert_max_num_queries,
                                               page_size, verb):
    settings.OAI_PMH = {**settings.OAI_PMH, "PAGE_SIZE": page_size}
    with django_assert_max_num_queries(BUDGET):
        first = parse_xml(client.get("/oai/", {"verb": verb, "metadataPrefix": "oai_dc", "set": "theme:sante"}))
    assert len(first.findall(".//oai:header", NS)) == page_size
    token = first.find(".//oai:resumptionToken", NS).text
    with django_assert_max_num_queries(BUDGET):
        second = parse_xml(client.get("/oai/", {"verb": verb, "resumptionToken": token}))
    assert len(second.findall(".//oai:header", NS)) == min(page_size, 31 - page_size)
    if verb == "ListRecords":
        live = second.findall(".//oai:metadata", NS)
        assert len(live) >= min(page_size, 30 - page_size)
        assert len(second.findall(".//dc:creator", NS)) == 2 * len(live)
