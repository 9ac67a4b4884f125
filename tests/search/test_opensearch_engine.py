"""OpenSearch engine specifics beyond the shared contract: index versions behind the alias,
errors, typed sort values, and the bodies built with elasticsearch-dsl."""
import logging
import socket
import uuid

import pytest
from opensearchpy import ConnectionError as OpenSearchConnectionError

from search.engines import dsl_queries, mappings
from search.engines.base import IndexSchema, SearchQuery
from search.engines.opensearch import OpenSearchEngine
from tests.search.contract import BAD_INPUTS, DOCUMENTS, SYNONYMS
from tests.services import require_env


def contract_schema(**changes):
    options = dict(
        name=f"engine-{uuid.uuid4().hex[:10]}",
        text_fields={"titre": 3.0, "auteurs": 2.0, "resume": 1.5, "texte": 1.0},
        keyword_fields=("theme", "territoire", "type", "annee", "contributeur", "disponibilite"),
        highlight_fields=("titre", "resume", "texte"),
        sort_fields=("date", "titre"),
        synonyms=SYNONYMS,
    )
    return IndexSchema(**{**options, **changes})


# Bodies: no engine needed -----------------------------------------------------------------
class TestBodies:
    def test_french_analysis_with_synonyms_at_search_time_only(self):
        body = mappings.index_body(contract_schema())
        analysis = body["settings"]["analysis"]
        assert analysis["filter"]["french_light_stemmer"]["language"] == "light_french"
        assert "thesaurus" not in analysis["analyzer"]["french_index"]["filter"]
        assert "thesaurus" in analysis["analyzer"]["french_search"]["filter"]
        assert "qpv, quartier prioritaire, quartiers prioritaires de la politique de la ville" in (
            analysis["filter"]["thesaurus"]["synonyms"])
        titre = body["mappings"]["properties"]["titre"]
        assert titre["analyzer"] == "french_index" and titre["search_analyzer"] == "french_search"

    def test_highlighted_fields_keep_offsets(self):
        properties = mappings.index_body(contract_schema())["mappings"]["properties"]
        assert properties["texte"]["index_options"] == "offsets"
        assert "index_options" not in properties["auteurs"]

    def test_titles_sort_folded_and_long_texts_get_no_autocomplete(self):
        properties = mappings.index_body(contract_schema())["mappings"]["properties"]
        assert properties["titre"]["fields"]["sort"] == {"type": "keyword", "normalizer": "folded", "ignore_above": 4096}
        assert "suggest" in properties["titre"]["fields"] and "suggest" in properties["auteurs"]["fields"]
        assert "fields" not in properties["texte"]

    def test_synonym_terms_with_commas_are_escaped(self):
        assert mappings.synonym_rules([("a, b", "c")]) == ["a\\, b, c"]

    def test_user_text_allows_only_phrases_and_exclusions(self):
        body = dsl_queries.search_body(contract_schema(), SearchQuery(text='santé "conseil citoyen" -mentale'))
        text_query = body["query"]["simple_query_string"]
        assert text_query["flags"] == "PHRASE|NOT|WHITESPACE"
        assert text_query["default_operator"] == "and"
        assert "titre^3.0" in text_query["fields"]

    def test_control_characters_and_excess_length_are_removed(self):
        assert dsl_queries.clean_text("a\x00b\n  c") == "a b c"
        assert len(dsl_queries.clean_text("x" * 5000)) == dsl_queries.MAX_TEXT_LENGTH

    def test_faceted_filters_go_to_post_filter_and_other_facets(self):
        query = SearchQuery(filters={"type": ["Guide"], "territoire": ["Occitanie"]}, facets=("type", "theme"))
        body = dsl_queries.search_body(contract_schema(), query)
        assert body["query"]["bool"]["filter"] == [{"terms": {"territoire": ["Occitanie"]}}]
        assert body["post_filter"] == {"bool": {"filter": [{"terms": {"type": ["Guide"]}}]}}
        assert "filter" not in body["aggs"]["type"]  # its own filter is left out, and there is no other
        assert body["aggs"]["theme"]["filter"] == {"bool": {"filter": [{"terms": {"type": ["Guide"]}}]}}

    def test_unknown_sort_falls_back_to_relevance(self):
        body = dsl_queries.search_body(contract_schema(), SearchQuery(text="santé", sort="-nope"))
        assert "sort" not in body


# Against the real node ------------------------------------------------------------------------
@pytest.mark.services
class TestOpenSearchEngineSpecifics:
    @pytest.fixture
    def engine(self):
        return OpenSearchEngine(url=require_env("OPENSEARCH_URL"), index_prefix="test")

    @pytest.fixture
    def schema(self, engine):
        schema = contract_schema()
        engine.ensure_index(schema)
        yield schema
        engine.drop(schema)

    def test_ensure_index_is_idempotent(self, engine, schema):
        engine.ensure_index(schema)
        assert list(engine.versions(schema)) == [1]

    def test_rebuild_moves_the_alias_and_deletes_the_old_version(self, engine, schema):
        engine.rebuild(schema, [dict(doc) for doc in DOCUMENTS])
        engine.rebuild(schema, [dict(doc) for doc in DOCUMENTS[:2]])
        assert engine.versions(schema) == {3: engine.version_name(schema, 3)}
        aliases = engine.client.indices.get_alias(name=engine.alias_name(schema))
        assert list(aliases) == [engine.version_name(schema, 3)]
        assert engine.count(schema) == 2

    def test_rebuild_reports_progress_by_bulk_chunk(self, engine, schema):
        seen = []
        documents = ({"id": str(number), "titre": f"Notice {number}"} for number in range(2500))
        assert engine.rebuild(schema, documents, progress=seen.append) == 2500
        assert seen == [1000, 2000, 2500]
        settings = engine.client.indices.get_settings(index=engine.alias_name(schema))
        assert "refresh_interval" not in next(iter(settings.values()))["settings"]["index"]

    def test_failed_rebuild_keeps_the_current_index(self, engine, schema):
        engine.index(schema, [dict(doc) for doc in DOCUMENTS])
        engine.refresh(schema)

        def documents_then_failure():
            yield dict(DOCUMENTS[0])
            raise RuntimeError("source unavailable")

        with pytest.raises(RuntimeError):
            engine.rebuild(schema, documents_then_failure())
        assert list(engine.versions(schema)) == [1]
        assert engine.count(schema) == len(DOCUMENTS)

    def test_drop_removes_every_version(self, engine):
        schema = contract_schema()
        engine.ensure_index(schema)
        engine.rebuild(schema, [])
        engine.drop(schema)
        assert engine.versions(schema) == {}
        assert not engine.client.indices.exists_alias(name=engine.alias_name(schema))

    def test_bad_inputs_are_valid_queries_not_masked_errors(self, engine, schema, caplog):
        engine.index(schema, [dict(doc) for doc in DOCUMENTS])
        engine.refresh(schema)
        with caplog.at_level(logging.WARNING, logger="search.engines.opensearch"):
            for text in BAD_INPUTS:
                engine.search(schema, SearchQuery(text=text, facets=("theme",)))
        assert [record for record in caplog.records if record.name == "search.engines.opensearch"] == []

    def test_a_refused_request_is_an_empty_result(self, engine, schema, caplog):
        too_deep = SearchQuery(text="santé", offset=20_000, facets=("theme",))  # past max_result_window
        results = engine.search(schema, too_deep)
        assert (results.total, results.hits, results.facets) == (0, [], {"theme": []})
        assert "refused" in caplog.text

    def test_iso_dates_sort_and_filter_as_dates(self, engine):
        schema = contract_schema(sort_fields=("publication", "titre"))
        engine.ensure_index(schema)
        try:
            dates = {"1": "2021-03-01", "2": "2019-12-31", "3": "2021-01-15T10:00:00", "4": None}
            engine.index(schema, [{"id": id_, "titre": "Notice", "publication": day} for id_, day in dates.items()])
            engine.refresh(schema)
            newest_first = engine.search(schema, SearchQuery(sort="-publication"))
            assert [hit.id for hit in newest_first.hits] == ["1", "3", "2", "4"]
            in_2021 = engine.search(schema, SearchQuery(ranges={"publication": ("2021-01-01", "2021-12-31")}))
            assert sorted(hit.id for hit in in_2021.hits) == ["1", "3"]
        finally:
            engine.drop(schema)

    def test_fields_outside_the_schema_are_not_indexed(self, engine, schema):
        engine.index(schema, [{"id": "x", "titre": "Notice", "url": "/notices/x/", "extra": {"a": 1}}])
        properties = next(iter(engine.client.indices.get_mapping(index=engine.alias_name(schema)).values()))
        assert not {"url", "extra"} & set(properties["mappings"]["properties"])

    def test_suggest_returns_distinct_values(self, engine, schema):
        same_title = "Santé et alimentation dans les quartiers"
        engine.index(schema, [{"id": str(n), "titre": same_title} for n in range(5)])
        engine.refresh(schema)
        assert engine.suggest(schema, "sant alim") == [same_title]

    def test_unreachable_engine_raises_on_search_and_is_down_on_ping(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        engine = OpenSearchEngine(url=f"http://127.0.0.1:{closed_port}", index_prefix="test", timeout=1)
        with pytest.raises(OpenSearchConnectionError):
            engine.search(contract_schema(), SearchQuery(text="santé"))
        assert engine.ping().up is False
