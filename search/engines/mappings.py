"""Index settings and mappings for OpenSearch and Elasticsearch, built from an IndexSchema.

Built with elasticsearch-dsl and sent as a plain body by either client. Field layout:

- text fields: French analysis; synonyms only in the search analyser, so a thesaurus change
  needs no reindexing of the words themselves (only a rebuild to reload the analyser);
- highlighted text fields keep offsets in the postings, so highlighting reads them instead of
  re-analysing the text (no 1M-character limit, fast on long documents);
- ``<field>.sort``: folded keyword copy of text sort fields ("titre");
- ``<field>.suggest``: folded edge n-grams of titles (text sort fields), for autocomplete;
- ``spelling`` (engine-internal, copied from the short text fields, as the embedded engine's
  suggest table): folded unstemmed words for the phrase suggester's candidates, and
  ``spelling.shingles`` (word 2- and 3-grams) for its language model ("vouliez-vous dire");
- keyword fields: exact values for filters and facets;
- other sort fields (numbers, ISO dates): typed from the first value seen (dynamic templates);
- the page field (``pages``): ``nested``, one hidden document per page of a file (file key, page
  number, text analysed as the full text, with offsets; the file's name and title as doc values
  only), so a query finds the best pages of each hit (inner hits). Adding it needs a rebuild.
"""
from elasticsearch.dsl import Index, Integer, Keyword, Mapping, Nested, Text, analyzer, normalizer, token_filter

from .base import PAGE_FILE, PAGE_FILE_NAME, PAGE_FILE_TITLE, PAGE_NUMBER, PAGE_TEXT

SORT_SUBFIELD = "sort"
SUGGEST_SUBFIELD = "suggest"
SUGGEST_MAX_GRAM = 20

FRENCH_ARTICLES = ["l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu"]

french_elision = token_filter("french_elision", "elision", articles=FRENCH_ARTICLES, articles_case=True)
# "light_french": OpenSearch 2.19 has no "french_light" alias.
french_stemmer = token_filter("french_light_stemmer", "stemmer", language="light_french")
FOLDING = [french_elision, "lowercase", "asciifolding"]

french_index_analyzer = analyzer("french_index", tokenizer="standard", filter=[*FOLDING, french_stemmer])

folded_normalizer = normalizer("folded", filter=["lowercase", "asciifolding"])

suggest_index_analyzer = analyzer(
    "suggest_index",
    tokenizer="standard",
    filter=[*FOLDING, token_filter("suggest_edge_ngram", "edge_ngram", min_gram=1, max_gram=SUGGEST_MAX_GRAM)],
)
# Typed words longer than the longest indexed n-gram are cut to it, so they still match.
suggest_search_analyzer = analyzer(
    "suggest_search",
    tokenizer="standard",
    filter=[*FOLDING, token_filter("suggest_truncate", "truncate", length=SUGGEST_MAX_GRAM)],
)

# "Vouliez-vous dire": the words of titles, authors and subjects, folded like the rest, unstemmed.
SPELLING_FIELD = "spelling"
SHINGLES_SUBFIELD = "shingles"
spelling_analyzer = analyzer("spelling", tokenizer="standard", filter=FOLDING)
spelling_shingles_analyzer = analyzer("spelling_shingles", tokenizer="standard", filter=[*FOLDING, token_filter(
    "spelling_shingle", "shingle", min_shingle_size=2, max_shingle_size=3, output_unigrams=True)])

# Wagtail's page indices (search/wagtail_backends): text fields take the index's default analyser,
# autocomplete fields Wagtail's edge n-grams, here folded like the notices' suggestions.
PAGE_AUTOCOMPLETE_ANALYZER = "edgengram_analyzer"
PAGE_AUTOCOMPLETE_SEARCH_ANALYZER = "folded_search"
PAGE_AUTOCOMPLETE_MAX_GRAM = 15

# Sort values other than folded text: numbers and ISO dates. JSON types map to index types.
SORT_VALUE_TYPES = {"long": "long", "double": "double", "date": "date", "string": "keyword"}
MAX_KEYWORD_LENGTH = 4096


def index_body(schema, **settings):
    """Settings and mappings to create one physical index for ``schema``."""
    index = Index("schema")
    index.settings(number_of_shards=1, number_of_replicas=0, **settings)
    index.mapping(schema_mapping(schema))
    return index.to_dict()


def page_index_settings():
    """Index settings merged into Wagtail's own for page indices: the notices' French analysis."""
    index = Index("pages")
    for page_analyzer in (
        analyzer("default", tokenizer="standard", filter=[*FOLDING, french_stemmer]),
        analyzer(PAGE_AUTOCOMPLETE_ANALYZER, tokenizer="standard", filter=[*FOLDING, token_filter(
            "edgengram", "edge_ngram", min_gram=1, max_gram=PAGE_AUTOCOMPLETE_MAX_GRAM)]),
        analyzer(PAGE_AUTOCOMPLETE_SEARCH_ANALYZER, tokenizer="standard", filter=FOLDING),
    ):
        index.analyzer(page_analyzer)
    return {"settings": index.to_dict()["settings"]}


def schema_mapping(schema):
    mapping = Mapping()
    mapping.meta("dynamic_templates", sort_value_templates(schema))
    search_analyzer = french_search_analyzer(schema.synonyms)
    for name in schema.text_fields:
        mapping.field(name, text_field(schema, name, search_analyzer))
    for name in schema.keyword_fields:
        mapping.field(name, Keyword(ignore_above=MAX_KEYWORD_LENGTH, eager_global_ordinals=True))
    if spelling_source_fields(schema):
        mapping.field(SPELLING_FIELD, Text(analyzer=spelling_analyzer, fields={
            SHINGLES_SUBFIELD: Text(analyzer=spelling_shingles_analyzer)}))
    if schema.page_field:
        mapping.field(schema.page_field, page_field(search_analyzer))
    return mapping


def page_field(search_analyzer):
    """One nested document per page: searched on its text, shown with its file and number."""
    return Nested(properties={
        PAGE_FILE: Keyword(ignore_above=MAX_KEYWORD_LENGTH),
        PAGE_NUMBER: Integer(),
        PAGE_TEXT: Text(analyzer=french_index_analyzer, search_analyzer=search_analyzer, index_options="offsets"),
        PAGE_FILE_NAME: Keyword(index=False, ignore_above=MAX_KEYWORD_LENGTH),
        PAGE_FILE_TITLE: Keyword(index=False, ignore_above=MAX_KEYWORD_LENGTH),
    })


def spelling_source_fields(schema):
    """The short text fields (as the embedded engine's suggest fields): titles and the fields
    never highlighted (authors, subjects), whose words make the spelling vocabulary."""
    return tuple(name for name in schema.text_fields
                 if name in schema.sort_fields or name not in schema.highlight_fields)


def french_search_analyzer(synonyms):
    if not synonyms:
        return french_index_analyzer
    # Before stemming: the rules are parsed by the filters above it, and stems must agree.
    synonym_filter = token_filter("thesaurus", "synonym_graph", synonyms=synonym_rules(synonyms), lenient=True)
    return analyzer("french_search", tokenizer="standard", filter=[*FOLDING, synonym_filter, french_stemmer])


def synonym_rules(groups):
    """Solr-format equivalence rules, one per group; commas inside a term are escaped."""
    return [", ".join(escape_synonym(term) for term in group) for group in groups if len(group) > 1]


def escape_synonym(term):
    return term.replace("\\", "\\\\").replace(",", "\\,").strip()


def text_field(schema, name, search_analyzer):
    options = {"analyzer": french_index_analyzer, "search_analyzer": search_analyzer}
    if name in schema.highlight_fields:
        options["index_options"] = "offsets"
    if name in spelling_source_fields(schema):
        options["copy_to"] = SPELLING_FIELD
    subfields = {}
    if name in schema.sort_fields:
        subfields[SORT_SUBFIELD] = Keyword(normalizer=folded_normalizer, ignore_above=MAX_KEYWORD_LENGTH)
    if has_suggest_subfield(schema, name):
        subfields[SUGGEST_SUBFIELD] = Text(analyzer=suggest_index_analyzer, search_analyzer=suggest_search_analyzer)
    return Text(fields=subfields, **options) if subfields else Text(**options)


def has_suggest_subfield(schema, name):
    """Titles (the sortable text fields) get autocomplete n-grams; other fields are completed
    without them (slower), as n-grams of long texts would cost too much at indexing."""
    return name in schema.text_fields and name in schema.sort_fields


def is_sort_value_field(schema, name):
    return name in schema.sort_fields and name not in schema.text_fields and name not in schema.keyword_fields


def sort_value_templates(schema):
    return [
        {f"sort_{name}_{json_type}": {"path_match": name, "match_mapping_type": json_type,
                                      "mapping": {"type": index_type}}}
        for name in schema.sort_fields if is_sort_value_field(schema, name)
        for json_type, index_type in SORT_VALUE_TYPES.items()
    ]


def sort_path(schema, name):
    """The indexed field that sorts (and range-filters) the schema field ``name``."""
    if name in schema.text_fields:
        return f"{name}.{SORT_SUBFIELD}"
    return name


def indexed_fields(schema):
    """Document keys stored in the index; anything else a caller sends is left out."""
    return {*schema.text_fields, *schema.keyword_fields, *schema.sort_fields, *filter(None, [schema.page_field])}
