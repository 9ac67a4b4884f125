"""French analysis shared by the embedded engine and mirrored by the OpenSearch analyser."""
import pytest

from search.analysis import (
    analyse,
    analyse_with_checkpoints,
    ascii_fold,
    french_light_stem,
    highlight,
    tokens,
    unstemmed_words,
)
from search.query_text import match_expressions, parse, synonym_table


# Known outputs of a real OpenSearch _analyze (standard tokenizer, elision, lowercase,
# asciifolding, light_french).
@pytest.mark.parametrize("word, expected", [
    ("quartiers", "quarti"),
    ("prioritaires", "prioritair"),
    ("égalité", "egalit"),
])
def test_chain_matches_opensearch(word, expected):
    assert analyse(word) == [expected]


# Examples of Lucene's own FrenchLightStemmer tests (the stemmer alone, on unfolded words).
@pytest.mark.parametrize("word, expected", [
    ("chevaux", "cheval"), ("hiboux", "hibou"), ("chantés", "chant"), ("chanter", "chant"),
    ("baronnes", "baron"), ("peaux", "peau"), ("anneaux", "aneau"), ("affreuse", "afreu"),
    ("investissement", "investi"), ("assourdissant", "asourdi"), ("pratiquement", "pratiqu"),
    ("administrativement", "administratif"), ("justificatrice", "justifi"), ("justificateur", "justifi"),
    ("educatrice", "eduqu"), ("communicateur", "comuniqu"), ("accompagnatrice", "acompagn"),
    ("administrateur", "administr"), ("productrice", "product"), ("acheteuse", "achet"),
    ("planteur", "plant"), ("poreuse", "poreu"), ("plieuse", "plieu"), ("bijoutière", "bijouti"),
    ("caissière", "caisi"), ("abrasive", "abrasif"), ("folle", "fou"), ("personnelle", "person"),
    ("complète", "complet"), ("aromatique", "aromat"), ("faiblesse", "faibl"), ("patinage", "patin"),
    ("sonorisation", "sono"), ("ritualisation", "rituel"), ("nomination", "nomin"), ("disposition", "dispos"),
    ("1234555", "1234555"), ("12333345", "12333345"), ("abcdeff", "abcdef"), ("abcccddeef", "abcdef"),
    ("créées", "cre"), ("22hh00", "22h00"), ("", ""),
])
def test_french_light_stemmer(word, expected):
    assert french_light_stem(word) == expected


def test_elision_lowercase_and_folding():
    assert analyse("L'Égalité") == analyse("egalite") == ["egalit"]
    assert analyse("jusqu'à lorsqu'il puisqu'elle qu'on") == ["a", "il", "elle", "on"]
    assert analyse("aujourd'hui") == ["aujourd'hui"]  # not an article: the word stays whole
    assert analyse("Œuvres") == ["oeuvr"]


def test_tokenizer_splits_hyphens_but_keeps_joined_words_and_numbers():
    expected = ["femmes", "hommes", "l'emploi", "3,5", "U.S.A", "fin"]
    assert tokens("femmes-hommes, l'emploi 3,5 % U.S.A. fin.") == expected


def test_decomposed_accents_analyse_like_composed_ones():
    assert analyse("e\u0301galite\u0301") == analyse("égalité")


def test_one_form_per_token_even_for_odd_input():
    text = "a \u0301 l'x 🙂 " + "x" * 600
    assert len(analyse(text)) == len(tokens(text))
    assert all(analyse(text))


def test_ascii_fold_leaves_other_scripts():
    assert ascii_fold("Ça déçoit ß æ") == "Ca decoit ss ae"
    assert ascii_fold("Αθήνα") == "Αθήνα"


def test_unstemmed_words_for_autocomplete():
    assert unstemmed_words("L'égalité des Quartiers") == ["egalite", "des", "quartiers"]


# Query text ------------------------------------------------------------------------------------
SYNONYMS = synonym_table((("qpv", "quartier prioritaire"), ("ess", "économie sociale et solidaire")))


def test_words_are_all_required_and_synonyms_expand():
    positive, negative = match_expressions(parse("QPV santé", SYNONYMS))
    assert positive == '("qpv" OR "quarti prioritair") AND "sant"' and negative is None


def test_multi_word_synonym_matches_on_stems():
    positive, _ = match_expressions(parse("quartiers prioritaires", SYNONYMS))
    assert positive == '("qpv" OR "quarti prioritair")'


def test_phrases_and_exclusions():
    positive, negative = match_expressions(parse('"conseil citoyen" -mentale -"bien-être"', SYNONYMS))
    assert positive == '("conseil citoyen") NOT ("mental" OR "bien etre")' and negative is None
    assert match_expressions(parse("-santé", SYNONYMS)) == (None, '"sant"')


@pytest.mark.parametrize("text", ['"((( OR', "AND NOT (", "NEAR(a b)", "*", "é*", "title:foo", "\\", "\x00", "-", ""])
def test_user_syntax_never_reaches_fts(text):
    positive, negative = match_expressions(parse(text, SYNONYMS))
    for expression in filter(None, (positive, negative)):
        outside_quotes = "".join(expression.split('"')[::2])
        assert set(outside_quotes) <= set(" ()ANDORT")


# Highlighting ------------------------------------------------------------------------------------
def test_highlight_marks_matching_words_escaped():
    fragments = highlight("L'égalité <b>femmes</b>", {("egalit",), ("feme",)})
    assert fragments == ["L&#x27;<mark>égalité</mark> &lt;b&gt;<mark>femmes</mark>&lt;/b&gt;"]


def test_highlight_marks_phrase_words_only_where_they_follow_each_other():
    fragments = highlight("conseil municipal et conseil citoyen", {("conseil", "citoyen")})
    assert fragments == ["conseil municipal et <mark>conseil</mark> <mark>citoyen</mark>"]


def test_highlight_nothing_when_no_match():
    assert highlight("rien ici", {("sant",)}) == []


def test_highlight_long_text_with_checkpoints_gives_few_short_fragments():
    text = "Le renouvellement urbain transforme les quartiers. " * 5_000 + "Enfin la biodiversité."
    forms, checkpoints = analyse_with_checkpoints(text)
    fragments = highlight(text, {("biodiversit",)}, " ".join(forms), checkpoints)
    assert len(fragments) == 1 and "<mark>biodiversité</mark>" in fragments[0] and len(fragments[0]) < 300
    many = highlight(text, {("urbain",)}, " ".join(forms), checkpoints)
    assert len(many) == 3 and all(len(fragment) < 400 for fragment in many)
