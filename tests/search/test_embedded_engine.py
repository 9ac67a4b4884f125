"""What the embedded engine guarantees beyond the contract: versions, snapshots, threads."""
import threading

import pytest

from search.engines.base import IndexSchema, SearchQuery
from search.engines.embedded import EmbeddedEngine
from tests.search.contract import DOCUMENTS, contract_schema


@pytest.fixture
def path(tmp_path):
    return tmp_path / "search.sqlite3"


@pytest.fixture
def engine(path):
    return EmbeddedEngine(path=path, index_prefix="test")


@pytest.fixture
def schema(engine):
    schema = contract_schema(name="notices")
    engine.ensure_index(schema)
    engine.index(schema, [dict(doc) for doc in DOCUMENTS])
    return schema


def ids(results):
    return [hit.id for hit in results.hits]


def test_ping_reports_sqlite(engine):
    health = engine.ping()
    assert health.up and health.detail.startswith("embedded (SQLite")


def test_ping_reports_an_unusable_file_as_down(tmp_path):
    (tmp_path / "a-directory").mkdir()
    assert not EmbeddedEngine(path=tmp_path / "a-directory").ping().up


def test_readers_keep_the_old_version_until_the_rebuild_switches(engine, schema):
    seen_during_rebuild = []

    def progress(count):
        seen_during_rebuild.append(engine.count(schema))

    engine.rebuild(schema, iter([dict(doc) for doc in DOCUMENTS[:2]]), progress=progress)
    assert seen_during_rebuild == [len(DOCUMENTS)]
    assert engine.count(schema) == 2


def test_a_failed_rebuild_leaves_the_index_as_it_was(engine, schema):
    def failing():
        yield dict(DOCUMENTS[0])
        raise RuntimeError("source unavailable")

    with pytest.raises(RuntimeError):
        engine.rebuild(schema, failing())
    assert engine.count(schema) == len(DOCUMENTS)
    assert table_versions(engine) == {"1"}


def table_versions(engine):
    names = [name for (name,) in engine.connection().execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {name.split("__v")[1].split("_")[0] for name in names if name.startswith("test_notices__v")}


def test_a_rebuild_drops_the_previous_version(engine, schema):
    engine.rebuild(schema, iter([dict(doc) for doc in DOCUMENTS]))
    assert table_versions(engine) == {"2"}


def test_drop_removes_every_table(engine, schema):
    engine.rebuild(schema, iter([dict(doc) for doc in DOCUMENTS]))
    engine.drop(schema)
    names = [name for (name,) in engine.connection().execute("SELECT name FROM sqlite_master")]
    assert [name for name in names if name.startswith("test_notices")] == []
    assert engine.count(schema) == 0


def test_another_process_writes_are_seen(engine, schema, path):
    before = engine.search(schema, SearchQuery(facets=("type",)))
    other = EmbeddedEngine(path=path, index_prefix="test")
    other.index(schema, [{**DOCUMENTS[0], "id": "8", "type": ["Guide"]}])
    other.delete(schema, ["3"])
    after = engine.search(schema, SearchQuery(facets=("type",)))
    assert after.total == before.total
    assert dict(after.facets["type"])["Guide"] == 3 and "Dossier thématique" not in dict(after.facets["type"])


def test_searches_from_many_threads_while_writing(engine, schema):
    errors = []

    def search():
        try:
            for _ in range(20):
                assert "4" in ids(engine.search(schema, SearchQuery(text="alimentation", facets=("theme",))))
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=search) for _ in range(4)]
    for thread in threads:
        thread.start()
    for number in range(20):
        engine.index(schema, [{**DOCUMENTS[1], "id": f"extra-{number}"}])
    for thread in threads:
        thread.join()
    assert errors == []
    assert engine.count(schema) == len(DOCUMENTS) + 20


def test_keyword_range_compares_numbers(engine, schema):
    found = engine.search(schema, SearchQuery(ranges={"annee": (2019, 2021)}))
    assert sorted(ids(found)) == ["2", "4", "5"]


def test_iso_dates_sort_and_range_as_text(engine):
    schema = IndexSchema(name="dated", text_fields={"titre": 1.0}, keyword_fields=(), sort_fields=("publication",))
    engine.ensure_index(schema)
    engine.index(schema, [{"id": "a", "titre": "un", "publication": "2024-03-01"},
                          {"id": "b", "titre": "deux", "publication": "2023-12-31T10:00:00"},
                          {"id": "c", "titre": "trois"}])
    assert ids(engine.search(schema, SearchQuery(sort="-publication"))) == ["a", "b", "c"]
    assert ids(engine.search(schema, SearchQuery(sort="publication"))) == ["b", "a", "c"]
    assert ids(engine.search(schema, SearchQuery(ranges={"publication": ("2024-01-01", None)}))) == ["a"]


def test_filters_on_unknown_values_or_fields_find_nothing(engine, schema):
    assert engine.search(schema, SearchQuery(filters={"theme": ["Inconnu"]})).total == 0
    assert engine.search(schema, SearchQuery(filters={"nope": ["x"]}, facets=("nope",))).facets == {"nope": []}


def test_relevance_ignores_stop_words_unless_alone(engine, schema):
    assert ids(engine.search(schema, SearchQuery(text="la santé et l'alimentation"))) == ["4"]
    assert engine.search(schema, SearchQuery(text="les")).total > 0


def test_synonym_highlights_only_the_phrase(engine, schema):
    hit = engine.search(schema, SearchQuery(text="QPV")).hits[0]
    assert hit.highlights["titre"] == ["L&#x27;égalité femmes-hommes dans les "
                                       "<mark>quartiers</mark> <mark>prioritaires</mark>"]
    assert "resume" not in hit.highlights  # its "de la" are not the phrase


def test_suggest_keyword_values(engine, schema):
    assert engine.suggest(schema, "occ", field="territoire") == ["Occitanie"]
    assert engine.suggest(schema, "quart prio") == ["L'égalité femmes-hommes dans les quartiers prioritaires"]


def test_more_like_this_of_an_unknown_document_is_empty(engine, schema):
    assert engine.more_like_this(schema, "nope") == []
