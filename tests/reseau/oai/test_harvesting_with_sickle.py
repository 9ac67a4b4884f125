"""Our repository harvested over HTTP by Sickle, a real OAI-PMH client, across several pages."""
import pytest
from sickle import Sickle
from sickle.iterator import OAIResponseIterator
from sickle.oaiexceptions import BadResumptionToken, NoRecordsMatch

from .conftest import GONE, LIVE, NS, identifier


@pytest.fixture
def harvester(live_oai, catalogue):
    return Sickle(live_oai)


def ids(catalogue, names):
    return sorted(identifier(catalogue[name]) for name in names)


def test_identify(harvester):
    identify = harvester.Identify()
    assert identify.repositoryName
    assert identify.protocolVersion == "2.0"
    assert identify.deletedRecord == "persistent"


def test_list_records_over_several_pages(harvester, catalogue):
    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))
    assert sorted(record.header.identifier for record in records) == ids(catalogue, LIVE + GONE)
    assert len(records) == len({record.header.identifier for record in records})  # no page repeats one
    deleted = sorted(record.header.identifier for record in records if record.deleted)
    assert deleted == ids(catalogue, GONE)
    by_id = {record.header.identifier: record for record in records}
    rich = by_id[identifier(catalogue["rich"])]
    assert rich.metadata["title"] == ["Santé mentale et précarité : les conseils locaux"]
    assert rich.metadata["creator"] == ["Dupont, Jeanne", "Villes et Territoires Occitanie", "Abel, Ana"]


def test_pages_carry_cursor_and_complete_list_size(harvester):
    pages = list(OAIResponseIterator(harvester, {"verb": "ListRecords", "metadataPrefix": "oai_dc"}))
    assert len(pages) == 4  # ten records, three a page
    tokens = [page.xml.find(".//oai:resumptionToken", NS) for page in pages]
    assert [token.get("cursor") for token in tokens] == ["0", "3", "6", "9"]
    assert {token.get("completeListSize") for token in tokens} == {"10"}
    assert all(token.text for token in tokens[:-1]) and tokens[-1].text is None  # the last one is empty
    assert all(token.get("expirationDate") for token in tokens[:-1])
    assert [len(page.xml.findall(".//oai:record", NS)) for page in pages] == [3, 3, 3, 1]


def test_post_harvest(live_oai, catalogue):
    harvester = Sickle(live_oai, http_method="POST")
    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc"))
    assert sorted(header.identifier for header in headers) == ids(catalogue, LIVE + GONE)


def test_set_per_theme_includes_narrower_themes(harvester, catalogue):
    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="theme:cohesion-sociale"))
    # Cohésion sociale and its narrower Santé; the withdrawn notice was in Santé.
    assert sorted(h.identifier for h in headers) == ids(catalogue, ["rich", "egalite", "podcast", "rapport",
                                                                     "withdrawn"])
    assert all("theme:cohesion-sociale" in h.setSpecs for h in headers)


def test_set_per_contributor_over_pages(harvester, catalogue):
    records = list(harvester.ListRecords(metadataPrefix="oai_dc", set="contributeur:vto"))
    assert sorted(r.header.identifier for r in records) == ids(catalogue, ["rich", "egalite", "podcast", "emploi2",
                                                                           "withdrawn"])
    resovilles = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="contributeur:resovilles"))
    assert sorted(h.identifier for h in resovilles) == ids(catalogue, ["emploi", "sport", "rapport", "deleted"])


def test_parent_sets(harvester, catalogue):
    themed = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="theme"))
    assert identifier(catalogue["orphan"]) not in {h.identifier for h in themed}
    assert len(themed) == 9
    contributed = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="contributeur"))
    assert sorted(h.identifier for h in contributed) == ids(catalogue, set(LIVE + GONE) - {"orphan"})


def test_from_and_until_by_day(harvester, catalogue):
    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", **{"from": "2024-01-04", "until": "2024-01-06"}))
    # sport (4th), podcast (5th), orphan (6th, until is inclusive) and the notice withdrawn on the 4th.
    assert sorted(h.identifier for h in headers) == ids(catalogue, ["sport", "podcast", "orphan", "withdrawn"])


def test_from_and_until_to_the_second(harvester, catalogue):
    window = {"from": "2024-01-04T08:00:00Z", "until": "2024-01-05T12:00:00Z"}
    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", **window))
    assert sorted(h.identifier for h in headers) == ids(catalogue, ["sport", "podcast", "withdrawn"])
    later = {"from": "2024-01-04T08:00:01Z", "until": "2024-01-05T11:59:59Z"}
    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", **later))
    assert sorted(h.identifier for h in headers) == ids(catalogue, ["sport"])


def test_incremental_harvest_sees_deletions(harvester, catalogue):
    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", **{"from": "2024-01-09"}))
    assert [(h.identifier, h.deleted) for h in headers] == [(identifier(catalogue["deleted"]), True)]


def test_sets_and_dates_together(harvester, catalogue):
    records = list(harvester.ListRecords(metadataPrefix="oai_dc", set="contributeur:vto", until="2024-01-04"))
    assert sorted(r.header.identifier for r in records) == ids(catalogue, ["rich", "egalite", "withdrawn"])


def test_changes_during_a_harvest_neither_repeat_nor_skip(harvester, catalogue):
    pages = OAIResponseIterator(harvester, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    seen = [h.text for h in next(pages).xml.findall(".//oai:identifier", NS)]
    # An editor republishes a notice of the first page and one of a later page meanwhile.
    for name in ("rich", "rapport"):
        catalogue[name].save_revision().publish()
    for page in pages:
        seen += [h.text for h in page.xml.findall(".//oai:identifier", NS)]
    assert sorted(seen) == ids(catalogue, LIVE + GONE)


def test_no_records_and_bad_token_raise_the_client_errors(harvester):
    with pytest.raises(NoRecordsMatch):
        harvester.ListRecords(metadataPrefix="oai_dc", **{"from": "2031-01-01"})
    with pytest.raises(BadResumptionToken):
        harvester.ListRecords(resumptionToken="abc")
