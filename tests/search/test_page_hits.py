"""Hits by page, on the three engines: a document's pages indexed one by one (the schema's page
field), the best pages of each hit with one passage each, and search in one document."""
import pytest

from search.engines.base import SearchQuery
from search.engines.embedded import EmbeddedEngine
from tests import services
from tests.search.contract import BAD_INPUTS, SYNONYMS, contract_schema

FILLER = "Le contrat de ville associe les habitants et les partenaires du territoire."


def page_text(number):
    if number == 37:
        return "Le programme de rénovation urbaine transforme le quartier."
    if number == 120:
        return "Rénovation énergétique des logements sociaux et rénovation des écoles."
    if number == 150:
        return "La gestion urbaine et sociale de proximité accompagne les habitants."
    return f"Page {number}. {FILLER}"


def pages(count=200, file="41", name="rapport-annuel.pdf", title="Rapport annuel 2023"):
    return [{"fichier": file, "numero": number, "texte": page_text(number), "nom": name, "titre": title}
            for number in range(1, count + 1)]


def report(document_id="1", **fields):
    found = pages()
    return {"id": document_id, "titre": "Rapport annuel du centre de ressources", "resume": "", "auteurs": "",
            "texte": "\n\f".join(page["texte"] for page in found), "theme": [], "territoire": [], "type": ["Rapport"],
            "annee": ["2023"], "contributeur": [], "disponibilite": [], "date": 2023, "pages": found, **fields}


def other(document_id="2", titre="La rénovation des quartiers anciens"):
    return {"id": document_id, "titre": titre, "resume": "", "auteurs": "", "texte": "", "theme": [],
            "territoire": [], "type": ["Guide"], "annee": ["2020"], "contributeur": [], "disponibilite": [],
            "date": 2020}


@pytest.fixture(params=services.engine_params())
def engine(request, tmp_path):
    if request.param == "embedded":
        return EmbeddedEngine(path=tmp_path / "search.sqlite3", index_prefix="test")
    return services.cluster_engine_instance(request.param)


@pytest.fixture
def schema(engine):
    schema = contract_schema(page_field="pages")
    engine.drop(schema)
    yield schema
    engine.drop(schema)


@pytest.fixture
def indexed(engine, schema):
    engine.rebuild(schema, [report(), other()])
    return engine


def search(engine, schema, text, **options):
    return engine.search(schema, SearchQuery(text=text, page_hits=options.pop("page_hits", 3), **options))


def hit_pages(results, document_id):
    return next(hit.pages for hit in results.hits if hit.id == document_id)


def test_a_word_only_on_page_37_says_page_37_with_its_passage(indexed, schema):
    results = search(indexed, schema, "programme")
    [hit] = results.hits
    [page] = hit.pages
    assert (page.file, page.number, page.file_name, page.file_title) == ("41", 37, "rapport-annuel.pdf",
                                                                         "Rapport annuel 2023")
    assert "<mark>programme</mark>" in page.passage and "rénovation urbaine" in page.passage


def test_accents_are_folded_on_pages(indexed, schema):
    results = search(indexed, schema, "renovation")
    numbers = [page.number for page in hit_pages(results, "1")]
    assert set(numbers) == {37, 120}
    assert "<mark>rénovation</mark>" in hit_pages(results, "1")[0].passage.lower()
    assert hit_pages(results, "2") == []  # a document without pages has none


def test_several_pages_ranked_best_first(indexed, schema):
    results = search(indexed, schema, "rénovation logements")
    assert [page.number for page in hit_pages(results, "1")][:2] == [120, 37]


def test_at_most_the_asked_number_of_pages(indexed, schema):
    results = search(indexed, schema, "contrat ville", page_hits=2)
    assert len(hit_pages(results, "1")) == 2
    assert search(indexed, schema, "contrat ville", page_hits=0).hits[0].pages == []


def test_phrase_queries_find_the_page_of_the_phrase(indexed, schema):
    results = search(indexed, schema, '"rénovation énergétique"')
    assert [page.number for page in hit_pages(results, "1")] == [120]
    assert search(indexed, schema, '"urbaine rénovation"').total == 0


def test_synonyms_reach_the_pages(indexed, schema):
    assert dict(SYNONYMS[1:2])  # gusp = gestion urbaine et sociale de proximité
    results = search(indexed, schema, "gusp")
    assert [page.number for page in hit_pages(results, "1")] == [150]


def test_scores_of_documents_without_pages_do_not_change(engine, schema):
    engine.rebuild(schema, [report(), other()])
    with_pages = {hit.id: hit.score for hit in search(engine, schema, "rénovation").hits}
    without = {hit.id: hit.score for hit in search(engine, schema, "rénovation", page_hits=0).hits}
    assert with_pages == pytest.approx(without)


def test_search_in_one_document_lists_its_matching_pages(indexed, schema):
    found = indexed.search_in_document(schema, "1", "rénovation")
    assert [page.number for page in found] == [120, 37] or [page.number for page in found] == [37, 120]
    assert all("<mark>" in page.passage for page in found)
    assert indexed.search_in_document(schema, "1", "contrat ville", limit=50)[0].file_title == "Rapport annuel 2023"
    assert len(indexed.search_in_document(schema, "1", "contrat ville", limit=50)) == 50
    assert indexed.search_in_document(schema, "2", "rénovation") == []  # its title matches, it has no pages
    assert indexed.search_in_document(schema, "404", "rénovation") == []
    assert indexed.search_in_document(schema, "1", "introuvable") == []


@pytest.mark.parametrize("text", BAD_INPUTS + ["x " * 1000])
def test_bad_input_never_fails(indexed, schema, text):
    assert isinstance(indexed.search_in_document(schema, "1", text), list)
    assert isinstance(search(indexed, schema, text).hits, list)


def test_pages_follow_updates_and_deletes(indexed, schema):
    indexed.index(schema, [report(pages=pages(40, file="42", title="Nouvelle version"))])
    indexed.refresh(schema)
    [page] = hit_pages(search(indexed, schema, "programme"), "1")
    assert (page.file, page.number, page.file_title) == ("42", 37, "Nouvelle version")
    indexed.index(schema, [report(pages=[])])
    indexed.refresh(schema)
    assert hit_pages(search(indexed, schema, "programme"), "1") == []  # still in the full text
    indexed.delete(schema, ["1"])
    indexed.refresh(schema)
    assert indexed.search_in_document(schema, "1", "programme") == []


def test_a_rebuild_adds_the_page_field_to_an_index_built_without_it(engine):
    old = contract_schema()
    new = contract_schema(name=old.name, page_field="pages")
    engine.drop(old)
    try:
        engine.rebuild(old, [other()])
        # Deployed before the rebuild: writes and searches work as before, without pages.
        engine.index(new, [report()])
        engine.refresh(new)
        [hit] = search(engine, new, "programme").hits
        assert hit.id == "1" and hit.pages == []
        assert engine.search_in_document(new, "1", "programme") == []
        engine.rebuild(new, [report(), other()])
        results = search(engine, new, "programme")
        assert [page.number for page in hit_pages(results, "1")] == [37]
        assert engine.count(new) == 2
    finally:
        engine.drop(new)
