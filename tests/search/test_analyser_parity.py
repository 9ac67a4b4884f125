"""Analyser parity: the embedded engine's analyser (search/analysis.py) against the production
analyser ``french_index`` of each real engine (search/engines/mappings.py), on French words and
phrases of the seed documents (analyser_parity_words.txt: accents, ligatures, elisions, plurals,
hyphenated compounds, inclusive forms, acronyms, numbers, addresses, emoji).

Every entry gives the same tokens, or its difference is listed in KNOWN_DIFFERENCES: a listed
difference that no longer happens fails the test too, so that the list stays true.
"""
import re
from pathlib import Path

import pytest

from search.analysis import analyse
from search.engines.opensearch import response_body
from tests import services
from tests.search.contract import contract_schema

WORDS_FILE = Path(__file__).with_name("analyser_parity_words.txt")
MIN_ENTRIES = 300

# entry: (embedded tokens, engine tokens, why). Both real engines run Lucene's analysis.
KNOWN_DIFFERENCES = {
    # Deliberate: the embedded engine composes text (NFC) and drops combining accents, so that a
    # decomposed "é" (macOS file names, some PDFs) matches a composed one; Lucene keeps them.
    "e\u0301galite\u0301": (["egalit"], ["e\u0301galite\u0301"],
                            "decomposed accents: composed and folded by the embedded engine only"),
    # Lucene's ASCIIFoldingFilter table also folds Latin letters that have no Unicode
    # decomposition (ŋ, ƀ, ɛ, ə...: African and phonetic alphabets); the embedded folding only
    # decomposes, plus a few special cases (œ, æ, ß, ø, đ, ł...). No such letter is French.
    "ŋ": (["ŋ"], ["n"], "Latin letters without decomposition: only Lucene's table folds them"),
}


def parity_entries():
    """The texts of the list, in order; lines starting with "# " are comments."""
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")]


# The list itself: no engine needed ----------------------------------------------------------
def test_the_list_has_enough_distinct_entries():
    entries = parity_entries()
    assert len(entries) == len(set(entries)), "duplicate entries"
    assert len(set(entries)) >= MIN_ENTRIES


@pytest.mark.parametrize("category, pattern", [
    ("ligature œ/Œ", r"[œŒ]"),
    ("ligature æ/Æ", r"[æÆ]"),
    ("typographic apostrophe ’", r"’"),
    ("straight apostrophe '", r"'"),
    ("elision", r"^(?:[lLdDsSnNcC]|[qQ][uU])['’]\w"),
    ("uppercase elision", r"^[LD]'[A-ZÉ]+$"),
    ("middle dot inclusive form", r"\w·\w"),
    ("hyphenated compound", r"\w-\w"),
    ("all-caps acronym", r"^[A-Z]{2,}$"),
    ("digit", r"\d"),
    ("decimal comma", r"\d,\d"),
    ("percentage", r"%"),
    ("ordinal", r"^\d+(?:er|ère|ème|ième)$"),
    ("slash", r"/"),
    ("parenthesis", r"[()]"),
    ("address", r"^(?:www\.|<?https?://)|@"),
    ("emoji", r"[\U0001f300-\U0001faff\u2714\u263a]"),
    ("phrase", r"\w \w"),
])
def test_the_list_covers_each_category(category, pattern):
    assert any(re.search(pattern, entry) for entry in parity_entries()), category


# Outputs of OpenSearch 2.19's french_index where the embedded analyser once differed: checked
# here without an engine, so that a change of search/analysis.py shows at once.
@pytest.mark.parametrize("text, engine_tokens", [
    ("✔ Animation 🔭 ☺", ["✔", "anim", "🔭", "☺"]),  # emoji are tokens
    ("👨\u200d👩\u200d👧 👍🏽 🇫🇷 ❤️ #️⃣", ["👨\u200d👩\u200d👧", "👍🏽", "🇫🇷", "❤️", "#️⃣"]),
    ("m² ½ ①", ["m"]),  # other numbers are no word characters
    ("____ a_b _x", ["a_b", "_x"]),  # underscores join words, alone they are nothing
    ("inter\u00adnational", ["inter\u00adnational"]),  # a soft hyphen stays inside the word
    ("3‘5 a‧b", ["3'5", "a‧b"]),  # other UAX #29 joiners
    ("™ © nº ª ℌ ℓ Ⅳ ‼", ["™", "©", "nº", "ª", "ℌ", "ℓ", "ⅳ", "!!"]),  # compatibility forms Lucene keeps
    ("ﬁnancement ＡＮＲＵ Ĳssel ǅ", ["financ", "anru", "ijsel", "dz"]),  # and those it folds
])
def test_embedded_analyser_matches_recorded_engine_output(text, engine_tokens):
    assert analyse(text) == engine_tokens


def test_known_differences_are_entries_and_still_hold_on_the_embedded_side():
    entries = set(parity_entries())
    for entry, (embedded, _engine, why) in KNOWN_DIFFERENCES.items():
        assert entry in entries and why
        assert analyse(entry) == embedded, entry


# Against each real engine --------------------------------------------------------------------
@pytest.fixture(params=services.engine_params(*services.CLUSTER_ENGINES))
def engine_analyse(request):
    """The real engine's ``french_index`` analyser, on a production index made for the test."""
    engine = services.cluster_engine_instance(request.param)
    schema = contract_schema()
    engine.ensure_index(schema)
    index = engine.alias_name(schema)

    def tokens(text):
        response = engine.client.indices.analyze(index=index, body={"analyzer": "french_index", "text": text})
        return [token["token"] for token in response_body(response)["tokens"]]

    yield tokens
    engine.drop(schema)


def test_embedded_analyser_gives_the_engine_tokens(engine_analyse):
    differences = {}
    for entry in parity_entries():
        embedded, engine = analyse(entry), engine_analyse(entry)
        if embedded != engine:
            differences[entry] = (embedded, engine)
    expected = {entry: (embedded, engine) for entry, (embedded, engine, _) in KNOWN_DIFFERENCES.items()}
    unexpected = {entry: found for entry, found in differences.items() if entry not in expected}
    assert not unexpected, f"new differences (embedded, engine): {unexpected}"
    # A listed difference must still happen, exactly as listed: a fix updates the list.
    assert differences == expected
