"""The repository's answers, verb by verb, read as XML (requests made with Django's client)."""
import pytest

from reseau.oai import tokens

from .conftest import NS, REPOSITORY, error_codes, identifier, parse_xml

pytestmark = pytest.mark.django_db


def oai(client, **params):
    return parse_xml(client.get("/oai/", params))


def texts(element, path):
    return [node.text for node in element.findall(path, NS)]


def test_identify_describes_the_repository(client, catalogue):
    root = oai(client, verb="Identify")
    identify = root.find("oai:Identify", NS)
    assert texts(identify, "oai:baseURL") == ["http://testserver/oai/"]
    assert texts(identify, "oai:protocolVersion") == ["2.0"]
    assert texts(identify, "oai:adminEmail") == ["doc@crpv.example.org"]
    assert texts(identify, "oai:deletedRecord") == ["persistent"]
    assert texts(identify, "oai:granularity") == ["YYYY-MM-DDThh:mm:ssZ"]
    assert texts(identify, "oai:earliestDatestamp") == ["2024-01-01T12:00:00Z"]
    assert root.find("oai:request", NS).get("verb") == "Identify"
    assert REPOSITORY in etree_text(identify)


def etree_text(element):
    return " ".join(element.itertext())


def test_list_metadata_formats_offers_oai_dc_and_marcxml(client, catalogue):
    root = oai(client, verb="ListMetadataFormats")
    assert texts(root, ".//oai:metadataPrefix") == ["oai_dc", "marcxml"]
    assert texts(root, ".//oai:metadataNamespace") == ["http://www.openarchives.org/OAI/2.0/oai_dc/",
                                                          "http://www.loc.gov/MARC21/slim"]
    for_one = oai(client, verb="ListMetadataFormats", identifier=identifier(catalogue["rich"]))
    assert texts(for_one, ".//oai:metadataPrefix") == ["oai_dc", "marcxml"]


def test_list_sets_per_theme_and_contributor(client, catalogue):
    root = oai(client, verb="ListSets")
    sets = dict(zip(texts(root, ".//oai:setSpec"), texts(root, ".//oai:setName")))
    assert sets["theme:cohesion-sociale"] == "Cohésion sociale"
    assert sets["theme:sante"] == "Santé"
    assert sets["contributeur:vto"] == "Villes et Territoires Occitanie"
    assert sets["contributeur:resovilles"] == "RésO Villes"
    assert {"theme", "contributeur"} <= set(sets)


def test_get_record_maps_the_notice_to_dublin_core(client, catalogue):
    notice = catalogue["rich"]
    root = oai(client, verb="GetRecord", identifier=identifier(notice), metadataPrefix="oai_dc")
    header = root.find(".//oai:header", NS)
    assert texts(header, "oai:identifier") == [identifier(notice)]
    assert texts(header, "oai:datestamp") == ["2024-01-01T12:00:00Z"]
    assert texts(header, "oai:setSpec") == ["theme:sante", "theme:cohesion-sociale", "contributeur:vto"]
    dc = root.find(".//oai_dc:dc", NS)
    assert texts(dc, "dc:title") == ["Santé mentale et précarité : les conseils locaux"]
    assert texts(dc, "dc:creator") == ["Dupont, Jeanne", "Villes et Territoires Occitanie", "Abel, Ana"]
    assert texts(dc, "dc:subject") == ["Santé", "CLSM", "aller vers"]
    assert texts(dc, "dc:description") == ["Les conseils locaux de santé mentale <CLSM> & les quartiers."]
    assert texts(dc, "dc:publisher") == ["VTO"]
    assert texts(dc, "dc:date") == ["2019"]
    assert texts(dc, "dc:type") == ["Dossier thématique", "Text"]
    assert texts(dc, "dc:language") == ["fre"]
    assert texts(dc, "dc:identifier") == [f"http://testserver/base-documentaire/notices/{notice.pk}/",
                                          "urn:isbn:978-2-11-129847-3"]
    assert texts(dc, "dc:coverage") == ["Montpellier (34)"]
    assert texts(dc, "dc:relation") == ["https://example.org/clsm.pdf"]


def test_the_permalink_leads_to_the_public_notice(client, catalogue):
    root = oai(client, verb="GetRecord", identifier=identifier(catalogue["rich"]), metadataPrefix="oai_dc")
    permalink = root.find(".//dc:identifier", NS).text
    page = client.get(permalink.removeprefix("http://testserver"))
    assert page.status_code == 200
    assert "Santé mentale et précarité" in page.content.decode()


def test_deleted_record_is_a_header_with_status_deleted(client, catalogue):
    for name, sets in (("withdrawn", ["theme:sante", "theme:cohesion-sociale", "contributeur:vto"]),
                       ("deleted", ["theme:emploi-et-developpement-economique", "contributeur:resovilles"])):
        root = oai(client, verb="GetRecord", identifier=identifier(catalogue[name]), metadataPrefix="oai_dc")
        header = root.find(".//oai:header", NS)
        assert header.get("status") == "deleted"
        assert sorted(texts(header, "oai:setSpec")) == sorted(sets)
        assert root.find(".//oai:metadata", NS) is None


def test_a_draft_is_never_exposed(client, catalogue):
    root = oai(client, verb="GetRecord", identifier=identifier(catalogue["draft"]), metadataPrefix="oai_dc")
    assert error_codes(root) == ["idDoesNotExist"]
    listed = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="contributeur:vto")
    token = listed.find(".//oai:resumptionToken", NS)
    seen = texts(listed, ".//oai:identifier")
    while token is not None and token.text:
        listed = oai(client, verb="ListIdentifiers", resumptionToken=token.text)
        seen += texts(listed, ".//oai:identifier")
        token = listed.find(".//oai:resumptionToken", NS)
    assert identifier(catalogue["draft"]) not in seen
    assert identifier(catalogue["rich"]) in seen


def test_post_is_answered_like_get(client, catalogue):
    response = client.post("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "theme:emploi"})
    root = parse_xml(response)
    assert error_codes(root) == ["noRecordsMatch"]  # no theme has the slug "emploi"
    response = client.post("/oai/", {"verb": "GetRecord", "metadataPrefix": "oai_dc",
                                     "identifier": identifier(catalogue["sport"])})
    assert texts(parse_xml(response), ".//dc:title") == ["Sport et quartiers"]


def test_other_http_methods_are_refused(client, catalogue):
    assert client.put("/oai/?verb=Identify").status_code == 405


def test_control_characters_cannot_break_the_xml(client, catalogue):
    notice = catalogue["sport"]
    notice.resume = "Texte collé d'un PDF\x0b\x0cavec des sauts ]]> </dc:description>"
    notice.save_revision().publish()
    root = oai(client, verb="GetRecord", identifier=identifier(notice), metadataPrefix="oai_dc")
    assert texts(root, ".//dc:description") == ["Texte collé d'un PDFavec des sauts ]]> </dc:description>"]


@pytest.mark.parametrize("params, code", [
    ({}, "badVerb"),
    ({"verb": "Harvest"}, "badVerb"),
    ({"verb": ["Identify", "Identify"]}, "badVerb"),
    ({"verb": "Identify", "set": "theme"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-13-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01T00:00:00"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01",
      "until": "2024-02-01T00:00:00Z"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-02-01", "until": "2024-01-01"},
     "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": "forged-token"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "metadataPrefix": "mods", "identifier": f"oai:{REPOSITORY}:notice/1"},
     "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": f"oai:{REPOSITORY}:notice/999999"},
     "idDoesNotExist"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elsewhere.org:notice/1"},
     "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": "n'importe quoi"}, "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2030-01-01"}, "noRecordsMatch"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "contributeur:inconnu"}, "noRecordsMatch"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "theme:sante:autre"}, "noRecordsMatch"),
])
def test_error_codes(client, catalogue, params, code):
    root = oai(client, **params)
    assert error_codes(root) == [code]
    error = root.find("oai:error", NS)
    assert error.text  # a message for people, in French
    request = root.find("oai:request", NS)
    assert request.text == "http://testserver/oai/"
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}  # the protocol forbids echoing an illegal request
    else:
        assert request.get("verb") == params["verb"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("params", [
    {"verb": "Identify", "fo\x01o": "x"},
    {"verb": "GetRecord", "identifier": "oai:x\x00y", "metadataPrefix": "oai_dc"},
    {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "theme:\x0b"},
])
def test_control_characters_get_bad_argument_in_xml(client, catalogue, method, params):
    response = getattr(client, method)("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    root = parse_xml(response)
    assert error_codes(root) == ["badArgument"]
    assert root.find("oai:error", NS).text == "Un argument contient un caractère de contrôle : retirez-le et réessayez."
    assert dict(root.find("oai:request", NS).attrib) == {}


def test_error_messages_are_french(client, catalogue):
    root = oai(client, verb="ListRecords", metadataPrefix="marc21")
    assert root.find("oai:error", NS).text == "Le format de métadonnées « marc21 » n’est pas pris en charge : utilisez oai_dc."


def test_a_token_of_another_verb_is_refused(client, catalogue):
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = root.find(".//oai:resumptionToken", NS).text
    assert error_codes(oai(client, verb="ListRecords", resumptionToken=token)) == ["badResumptionToken"]


def test_an_expired_token_is_refused(client, catalogue, settings):
    token = tokens.encode(tokens.ListQuery(verb="ListRecords", metadata_prefix="oai_dc", after=1, cursor=3, total=10))
    assert error_codes(oai(client, verb="ListRecords", resumptionToken=token)) == []
    settings.OAI_PMH = {**settings.OAI_PMH, "TOKEN_MAX_AGE": -1}
    assert error_codes(oai(client, verb="ListRecords", resumptionToken=token)) == ["badResumptionToken"]


def test_a_tampered_token_is_refused(client, catalogue):
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    token = root.find(".//oai:resumptionToken", NS).text
    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    assert error_codes(oai(client, verb="ListRecords", resumptionToken=tampered)) == ["badResumptionToken"]


def test_without_sets_the_repository_says_so(client, catalogue, settings):
    settings.OAI_PMH = {**settings.OAI_PMH, "SETS": False}
    assert error_codes(oai(client, verb="ListSets")) == ["noSetHierarchy"]
    assert error_codes(oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="theme")) == ["noSetHierarchy"]
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert root.findall(".//oai:setSpec", NS) == []


def test_a_draft_of_a_published_notice_stays_private(client, catalogue):
    notice = catalogue["sport"]
    notice.titre = "Titre en cours de relecture"
    notice.save_revision()  # saved as a draft, not published
    root = oai(client, verb="GetRecord", identifier=identifier(notice), metadataPrefix="oai_dc")
    assert texts(root, ".//dc:title") == ["Sport et quartiers"]


def test_user_input_is_escaped_in_the_answer(client, catalogue):
    hostile = '"><script>alert(1)</script>&amp;'
    root = oai(client, verb="GetRecord", identifier=hostile, metadataPrefix="oai_dc")
    assert error_codes(root) == ["idDoesNotExist"]
    assert root.find("oai:request", NS).get("identifier") == hostile
    assert hostile in root.find("oai:error", NS).text
    assert root.find(".//script") is None
