"""OpenSearch and Elasticsearch engine specifics beyond the shared contract: index versions behind
the alias, errors, typed sort values, and the bodies built with elasticsearch-dsl."""
import logging
import re
import socket
import threading

import pytest
from elastic_transport import ConnectionError as ElasticsearchConnectionError
from opensearchpy import ConnectionError as OpenSearchConnectionError

from search.engines import dsl_queries, mappings
from search.engines.base import SearchQuery
from search.engines.opensearch import response_body
from tests import services
from tests.search.contract import BAD_INPUTS, DOCUMENTS, SYNONYMS, contract_schema

CONNECTION_ERRORS = {"opensearch": OpenSearchConnectionError, "elasticsearch": ElasticsearchConnectionError}


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

    def test_titles_sort_folded_and_alone_get_autocomplete(self):
        properties = mappings.index_body(contract_schema())["mappings"]["properties"]
        assert properties["titre"]["fields"]["sort"] == {"type": "keyword", "normalizer": "folded", "ignore_above": 4096}
        assert "suggest" in properties["titre"]["fields"]
        assert "fields" not in properties["texte"] and "fields" not in properties["auteurs"]

    def test_synonym_terms_with_commas_are_escaped(self):
        assert mappings.synonym_rules([("a, b", "c")]) == ["a\\, b, c"]

    def test_user_text_becomes_one_match_per_word_phrase_and_exclusion(self):
        body = dsl_queries.search_body(contract_schema(), SearchQuery(text='santé "conseil citoyen" -mentale'))
        must, must_not = body["query"]["bool"]["must"], body["query"]["bool"]["must_not"]
        assert [(clause["multi_match"]["query"], clause["multi_match"]["type"]) for clause in must] == [
            ("santé", "best_fields"), ("conseil citoyen", "phrase")]
        assert must[0]["multi_match"]["operator"] == "and" and "titre^3.0" in must[0]["multi_match"]["fields"]
        assert [clause["multi_match"]["query"] for clause in must_not] == ["mentale"]

    def test_stop_words_are_not_required_unless_alone(self):
        required, _ = dsl_queries.text_clauses("accès à la culture dans les quartiers", ())
        assert [clause.text for clause in required] == ["accès", "culture", "quartiers"]
        required, _ = dsl_queries.text_clauses("les", ())
        assert [clause.text for clause in required] == ["les"]

    def test_words_forming_a_synonym_are_sent_as_a_phrase(self):
        required, _ = dsl_queries.text_clauses("culture quartiers prioritaires", SYNONYMS)
        assert required == [dsl_queries.TextClause("culture"),
                            dsl_queries.TextClause("quartiers prioritaires", phrase=True)]

    def test_words_reduced_to_nothing_match_everything_unless_excluded(self):
        query = dsl_queries.text_query(contract_schema(), "* -?").to_dict()["bool"]
        assert query["must"] == [{"match_all": {}}]
        assert query["must_not"][0]["multi_match"]["zero_terms_query"] == "none"
        required = dsl_queries.clause_query(dsl_queries.TextClause("?"), ["titre"], when_empty="all")
        assert required.to_dict()["multi_match"]["zero_terms_query"] == "all"

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
class TestClusterEngineSpecifics:
    @pytest.fixture(params=list(services.CLUSTER_ENGINES))
    def engine(self, request):
        return services.cluster_engine_instance(request.param)

    @pytest.fixture
    def schema(self, engine):
        schema = contract_schema()
        engine.ensure_index(schema)
        yield schema
        engine.drop(schema)

    def test_ping_names_the_product_and_its_version(self, engine):
        health = engine.ping()
        expected = {"opensearch": r"OpenSearch 2\.\d+\.\d+, cluster ", "elasticsearch": r"Elasticsearch [89]\.\d+\.\d+, cluster "}
        assert health.up and re.match(expected[engine.name], health.detail), health.detail

    def test_ensure_index_is_idempotent(self, engine, schema):
        engine.ensure_index(schema)
        assert list(engine.versions(schema)) == [1]

    def test_rebuild_moves_the_alias_and_deletes_the_old_version(self, engine, schema):
        engine.rebuild(schema, [dict(doc) for doc in DOCUMENTS])
        engine.rebuild(schema, [dict(doc) for doc in DOCUMENTS[:2]])
        assert engine.versions(schema) == {3: engine.version_name(schema, 3)}
        aliases = response_body(engine.client.indices.get_alias(name=engine.alias_name(schema)))
        assert list(aliases) == [engine.version_name(schema, 3)]
        assert engine.count(schema) == 2

    def test_rebuild_reports_progress_by_bulk_chunk(self, engine, schema):
        seen = []
        documents = ({"id": str(number), "titre": f"Notice {number}"} for number in range(2500))
        assert engine.rebuild(schema, documents, progress=seen.append) == 2500
        assert seen == [1000, 2000, 2500]
        settings = response_body(engine.client.indices.get_settings(index=engine.alias_name(schema)))
        assert "refresh_interval" not in next(iter(settings.values()))["settings"]["index"]

    def test_rebuild_reads_documents_in_the_callers_thread(self, engine, schema):
        # The caller's iterator may read its database through this thread's connection.
        readers = set()

        def documents():
            for number in range(3500):
                readers.add(threading.get_ident())
                yield {"id": str(number), "titre": f"Notice {number}"}

        assert engine.rebuild(schema, documents()) == 3500
        assert readers == {threading.get_ident()}

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
        with caplog.at_level(logging.WARNING, logger="search.engines"):
            for text in BAD_INPUTS:
                engine.search(schema, SearchQuery(text=text, facets=("theme",)))
        assert [record for record in caplog.records if record.name.startswith("search.engines")] == []

    def test_a_refused_request_is_an_empty_result(self, engine, schema, caplog):
        engine.index(schema, [dict(doc) for doc in DOCUMENTS])
        engine.refresh(schema)
        text_facet = SearchQuery(text="santé", facets=("titre",))  # the engine refuses to count a text field
        results = engine.search(schema, text_facet)
        assert (results.total, results.hits, results.facets) == (0, [], {"titre": []})
        assert "refused" in caplog.text

    def test_pages_past_the_result_window_are_empty_but_counted(self, engine, schema):
        engine.index(schema, [dict(doc) for doc in DOCUMENTS])
        engine.refresh(schema)
        results = engine.search(schema, SearchQuery(offset=20_000, facets=("type",)))
        assert results.total == len(DOCUMENTS) and results.hits == [] and results.facets["type"]

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
        mapping = response_body(engine.client.indices.get_mapping(index=engine.alias_name(schema)))
        properties = next(iter(mapping.values()))
        assert not {"url", "extra"} & set(properties["mappings"]["properties"])

    def test_suggest_returns_distinct_values(self, engine, schema):
        same_title = "Santé et alimentation dans les quartiers"
        engine.index(schema, [{"id": str(n), "titre": same_title} for n in range(5)])
        engine.refresh(schema)
        assert engine.suggest(schema, "sant alim") == [same_title]

    def test_suggest_on_a_field_without_ngrams_matches_stemmed_prefixes(self, engine, schema):
        engine.index(schema, [dict(doc) for doc in DOCUMENTS])
        engine.refresh(schema)
        assert engine.suggest(schema, "villes et territ", field="auteurs") == ["Villes et Territoires Occitanie"]
        # The light stemmer folds double letters ("territoires" -> "teritoir"): "terr" misses.
        assert engine.suggest(schema, "villes et terr", field="auteurs") == []

    def test_unreachable_engine_raises_on_search_and_is_down_on_ping(self, engine):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        engine = type(engine)(url=f"http://127.0.0.1:{closed_port}", index_prefix="test", timeout=1)
        with pytest.raises(CONNECTION_ERRORS[engine.name]):
            engine.search(contract_schema(), SearchQuery(text="santé"))
        assert engine.ping().up is False
