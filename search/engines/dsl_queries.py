"""Search request bodies for OpenSearch and Elasticsearch, built with elasticsearch-dsl.

User text goes through ``simple_query_string`` with only quoted phrases, -exclusions and
whitespace enabled as syntax: every other character is a plain character for the analyser,
and that query never fails to parse, whatever the input.
"""
import unicodedata

from elasticsearch.dsl import A, Q, Search

from .mappings import SUGGEST_SUBFIELD, has_suggest_subfield, is_sort_value_field, sort_path

USER_SYNTAX_FLAGS = "PHRASE|NOT|WHITESPACE"
MAX_TEXT_LENGTH = 1000
HIGHLIGHT_OPTIONS = {
    "type": "unified",
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fragment_size": 150,
    "number_of_fragments": 3,
}
FACET_ORDER = [{"_count": "desc"}, {"_key": "asc"}]
FACET_VALUES = "values"  # name of the terms aggregation inside each facet's filter aggregation
RELEVANCE = "relevance"


def search_body(schema, query):
    text = clean_text(query.text)
    search = Search().query(text_query(schema, text)).extra(track_total_hits=True).source(False)
    own_filters = field_filters(query.filters)
    # A faceted field's filter applies to hits only (post_filter), so its own counts ignore it.
    faceted = {name: clause for name, clause in own_filters.items() if name in query.facets}
    for clause in query_filters(schema, query, own_filters, faceted):
        search = search.filter(clause)
    if faceted:
        search = search.post_filter(Q("bool", filter=list(faceted.values())))
    for name in query.facets:
        add_facet(search, name, faceted, query.facet_size)
    search = search.sort(*sort_clauses(schema, query.sort))
    offset = max(query.offset, 0)
    search = search[offset:offset + max(query.limit, 0)]
    if text and query.highlight and schema.highlight_fields:
        search = search.highlight_options(**HIGHLIGHT_OPTIONS).highlight(*schema.highlight_fields)
    return search.to_dict()


def clean_text(text):
    """Drop control characters and extra spaces; bound the length of what reaches the engine."""
    printable = "".join(" " if unicodedata.category(char).startswith("C") else char for char in text or "")
    return " ".join(printable.split())[:MAX_TEXT_LENGTH]


def text_query(schema, text):
    if not text:
        return Q("match_all")
    return Q(
        "simple_query_string",
        query=text,
        fields=[f"{name}^{boost}" for name, boost in schema.text_fields.items()],
        default_operator="and",
        flags=USER_SYNTAX_FLAGS,
        lenient=True,
    )


def field_filters(filters):
    """One terms clause per filtered field: OR between its values; fields are ANDed by the caller."""
    clauses = {}
    for name, values in filters.items():
        values = [values] if isinstance(values, str) else list(values)
        if values:
            clauses[name] = Q("terms", **{name: values})
    return clauses


def query_filters(schema, query, own_filters, faceted):
    not_faceted = [clause for name, clause in own_filters.items() if name not in faceted]
    return not_faceted + range_filters(schema, query.ranges)


def range_filters(schema, ranges):
    clauses = []
    for name, (low, high) in ranges.items():
        bounds = {key: value for key, value in (("gte", low), ("lte", high)) if value is not None}
        if bounds:
            clauses.append(Q("range", **{sort_path(schema, name): bounds}))
    return clauses


def add_facet(search, name, faceted, size):
    """Counts of ``name`` under every other facet filter (multi-select facets)."""
    values = A("terms", field=name, size=max(size, 1), order=FACET_ORDER)
    others = [clause for other, clause in faceted.items() if other != name]
    if others:
        search.aggs.bucket(name, "filter", filter=Q("bool", filter=others)).bucket(FACET_VALUES, values)
    else:
        # A filter aggregation costs a pass over every hit even when it filters nothing.
        search.aggs.bucket(name, values)


def sort_clauses(schema, sort):
    """Relevance unless ``sort`` names a sort field; missing values last in both directions."""
    name = (sort or RELEVANCE).lstrip("-")
    if name not in schema.sort_fields:
        return []
    options = {"order": "desc" if sort.startswith("-") else "asc", "missing": "_last"}
    if is_sort_value_field(schema, name):
        options["unmapped_type"] = "long"  # typed by its first value: no mapping before that
    return [{sort_path(schema, name): options}]


def facet_buckets(aggregations, name):
    facet = aggregations[name]
    return facet.get(FACET_VALUES, facet)["buckets"]


def more_like_this_body(schema, index, document_id, limit):
    query = Q(
        "more_like_this",
        fields=[*schema.text_fields, *schema.keyword_fields],
        like=[{"_index": index, "_id": document_id}],
        min_term_freq=1,
        min_doc_freq=1,
        minimum_should_match=1,
    )
    return Search().query(query).source(False)[:limit].to_dict()


def suggest_body(schema, field, prefix, size):
    """Documents whose ``field`` has words starting with the typed words (all of them)."""
    if has_suggest_subfield(schema, field):
        query = Q("match", **{f"{field}.{SUGGEST_SUBFIELD}": {"query": prefix, "operator": "and"}})
    else:
        query = Q("match_phrase_prefix", **{field: {"query": prefix}})
    return Search().query(query).source([field])[:size].to_dict()
