"""Search request bodies for OpenSearch and Elasticsearch, built with elasticsearch-dsl.

What a user typed is split here, with the same rules as the embedded engine (query_text.py):
plain words (all required, across fields; French stop words dropped), "quoted phrases" and
-exclusions. Each becomes its own match query on the raw words, so no user character is ever
syntax for the engine, and the engine's analyser (elision, folding, stemming, synonyms) does
the rest. A run of words equal to a multi-word synonym ("quartiers prioritaires") is sent as a
phrase, so that the search analyser's synonym graph can expand it ("QPV").
"""
from dataclasses import dataclass

from elasticsearch.dsl import A, Q, Search

from ..analysis import analyse_token, is_stop_word, tokens
from ..query_text import MAX_EXCLUDED_CLAUSES, MAX_REQUIRED_CLAUSES, clean_text, split_user_text, synonym_table
from .mappings import SUGGEST_SUBFIELD, has_suggest_subfield, is_sort_value_field, sort_path

HIGHLIGHT_OPTIONS = {
    "type": "unified",
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fragment_size": 150,
    "number_of_fragments": 3,
}
# Several fields matching a word add a little to the best one, without outweighing the boosts.
FIELDS_TIE_BREAKER = 0.3
MAX_RESULT_WINDOW = 10_000  # the engines' default index.max_result_window
FACET_ORDER = [{"_count": "desc"}, {"_key": "asc"}]
FACET_VALUES = "values"  # name of the terms aggregation inside each facet's filter aggregation
RELEVANCE = "relevance"


@dataclass(frozen=True)
class TextClause:
    text: str  # raw words, analysed by the engine
    phrase: bool = False
    stop_word: bool = False


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
    search = page(search, query.offset, query.limit)
    if text and query.highlight and schema.highlight_fields:
        search = search.highlight_options(**HIGHLIGHT_OPTIONS).highlight(*schema.highlight_fields)
    return search.to_dict()


def text_query(schema, text):
    required, excluded = text_clauses(text, schema.synonyms)
    if not required and not excluded:
        return Q("match_all")
    fields = [f"{name}^{boost}" for name, boost in schema.text_fields.items()]
    return Q(
        "bool",
        must=[clause_query(clause, fields, when_empty="all") for clause in required] or [Q("match_all")],
        must_not=[clause_query(clause, fields, when_empty="none") for clause in excluded],
    )


def clause_query(clause, fields, when_empty):
    """One word (its tokens all in one field) or one phrase, in any text field. A word the
    analyser reduces to nothing ("?", "*") matches ``when_empty``: everything or nothing."""
    if clause.phrase:
        return Q("multi_match", query=clause.text, fields=fields, type="phrase", zero_terms_query=when_empty)
    return Q("multi_match", query=clause.text, fields=fields, type="best_fields", operator="and",
             tie_breaker=FIELDS_TIE_BREAKER, zero_terms_query=when_empty)


def text_clauses(text, synonyms):
    """(required, excluded) TextClauses of what a user typed; never raises."""
    table = synonym_table(synonyms)
    required, excluded, run = [], [], []  # run: consecutive plain words, where synonyms may span
    for kind, part, is_excluded in split_user_text(clean_text(text)):
        if kind == "words" and not is_excluded:
            run.extend(tokens(part))
            continue
        required.extend(word_clauses(run, table))
        run = []
        if part.strip():
            (excluded if is_excluded else required).append(TextClause(part, phrase=kind == "phrase"))
    required.extend(word_clauses(run, table))
    required = without_stop_words(list(dict.fromkeys(required)))
    return required[:MAX_REQUIRED_CLAUSES], list(dict.fromkeys(excluded))[:MAX_EXCLUDED_CLAUSES]


def word_clauses(words, table):
    forms = [analyse_token(word) for word in words]
    clauses, position = [], 0
    while position < len(words):
        found = table.longest_match(forms, position)
        length = found[0] if found else 1
        if length > 1:
            clauses.append(TextClause(" ".join(words[position:position + length]), phrase=True))
        else:
            clauses.append(TextClause(words[position], stop_word=is_stop_word(words[position])))
        position += length
    return clauses


def without_stop_words(clauses):
    """Stop words typed as plain words are not required, unless nothing else was typed."""
    meaningful = [clause for clause in clauses if not clause.stop_word]
    return meaningful or clauses


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


def page(search, offset, limit):
    """Pages past the result window come back empty (with totals and facets) instead of failing."""
    start = min(max(offset, 0), MAX_RESULT_WINDOW)
    return search[start:start + min(max(limit, 0), MAX_RESULT_WINDOW - start)]


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
    """Documents whose ``field`` has words starting with the typed words (all of them).
    Fields without n-grams fall back to a phrase prefix on stemmed words: approximate."""
    if has_suggest_subfield(schema, field):
        query = Q("match", **{f"{field}.{SUGGEST_SUBFIELD}": {"query": prefix, "operator": "and"}})
    else:
        query = Q("match_phrase_prefix", **{field: {"query": prefix}})
    return Search().query(query).source([field])[:size].to_dict()
