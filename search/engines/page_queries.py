"""Hits by page on OpenSearch and Elasticsearch: the nested page field queried beside the text.

A search adds, as an optional clause of boost 0 (so the notices' scores do not change), a
``nested`` query on the pages whose inner hits are the best pages of each hit, each with one
highlighted passage. ``search_in_document`` asks the same of one document, for more pages.
A page matches when it has any of the required words or phrases; pages with more rank first.
"""
from elasticsearch.dsl import Q

from .base import PAGE_FILE, PAGE_FILE_NAME, PAGE_FILE_TITLE, PAGE_NUMBER, PAGE_TEXT, PageHit
from .dsl_queries import HIGHLIGHT_OPTIONS, clause_query, text_clauses

PASSAGE_OPTIONS = {**HIGHLIGHT_OPTIONS, "number_of_fragments": 1, "no_match_size": 150}
MAX_INNER_HITS = 100  # the engines' default index.max_inner_result_window


def pages_query(schema, text):
    """The query on one page's text, or None when the text requires nothing."""
    required, _excluded = text_clauses(text, schema.synonyms)
    if not schema.page_field or not required:
        return None
    fields = [f"{schema.page_field}.{PAGE_TEXT}"]
    return Q("bool", should=[clause_query(clause, fields, when_empty="none") for clause in required],
             minimum_should_match=1)


def inner_hits(schema, size):
    path = schema.page_field
    return {
        "name": path, "size": min(size, MAX_INNER_HITS), "_source": False,
        "docvalue_fields": [f"{path}.{key}" for key in (PAGE_FILE, PAGE_NUMBER, PAGE_FILE_NAME, PAGE_FILE_TITLE)],
        "highlight": {**PASSAGE_OPTIONS, "fields": {f"{path}.{PAGE_TEXT}": {}}},
    }


def add_page_hits(body, schema, query):
    """Ask for the best pages of each hit in a search body (dsl_queries.search_body)."""
    if not (schema.page_field and query.page_hits > 0 and query.highlight and query.limit > 0):
        return body
    on_pages = pages_query(schema, query.text)
    if on_pages is None:
        return body
    # ignore_unmapped: an index built before the page field answers as before, without pages.
    nested = Q("nested", path=schema.page_field, query=on_pages, score_mode="max", boost=0, ignore_unmapped=True,
               inner_hits=inner_hits(schema, query.page_hits))
    body["query"] = {"bool": {"must": [body["query"]], "should": [nested.to_dict()]}}
    return body


def document_pages_body(schema, document_id, text, limit):
    """The pages of one document matching ``text``; None when nothing can match."""
    on_pages = pages_query(schema, text)
    if on_pages is None or limit <= 0:
        return None
    nested = Q("nested", path=schema.page_field, query=on_pages, score_mode="max", ignore_unmapped=True,
               inner_hits=inner_hits(schema, limit))
    return {"query": Q("bool", filter=[Q("ids", values=[str(document_id)])], must=[nested]).to_dict(),
            "_source": False, "size": 1}


def page_hits(hit, schema):
    """The PageHits of one hit of a response, best first."""
    found = hit.get("inner_hits", {}).get(schema.page_field)
    if not found:
        return []
    return [page_hit(inner, schema.page_field) for inner in found["hits"]["hits"]]


def page_hit(inner, path):
    fields = inner.get("fields", {})

    def value(key, default=""):
        values = fields.get(f"{path}.{key}") or [default]
        return values[0]

    passages = inner.get("highlight", {}).get(f"{path}.{PAGE_TEXT}") or [""]
    return PageHit(file=str(value(PAGE_FILE)), number=int(value(PAGE_NUMBER, 0)), passage=passages[0],
                   file_name=value(PAGE_FILE_NAME), file_title=value(PAGE_FILE_TITLE))
