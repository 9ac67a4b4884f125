"""Finding territories as an editor types: by name (case, accents, hyphens and apostrophes
ignored), by official code (INSEE commune code, QPV code "QN09312M", département number) and by
alias (`Territoire.synonymes`), in one query whatever the number of territories.

Nothing folded is stored (no migration) and folding 38,000 rows per keystroke costs seconds on
PostgreSQL; the typed text is folded instead (`search_key`) and each of its words becomes a
regular expression matching every spelling that folds to it ("etienne" -> [eEéÉèÈ…]t[iIîÎ…]…),
built from the search engines' own folding (`search.analysis.ascii_fold`), with both cases spelt
out so that no database locale matters. Every word must occur in the territory's label, code or
aliases; exact codes come first, then exact names, then names starting with the text, each by
level (région first).
"""
import re
from collections import defaultdict

from django.db.models import Case, CharField, IntegerField, Value, When
from django.db.models.functions import Concat

from crpv_site.request_input import parse_ids
from search.analysis import ascii_fold

from .models import Territoire
from .text import fold
from .vocabulary import synonyms

MAX_WORDS = 8
LEVEL_ORDER = [level for level, _label in Territoire.Niveau.choices]
SEPARATORS = "[ '’‐–.,/()-]+"  # between the words of a name ("Garges-lès-Gonesse", "L'Haÿ")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def search_key(text):
    """The words of a text as the search compares them: folded, lowercase ASCII letters and digits."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def _spellings():
    """{folded letter or pair: the characters folding to it} ("e": "eEéÉ…", "oe": "œŒ")."""
    found = defaultdict(str)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        found[letter] = letter + letter.upper()
    for char in map(chr, range(0xC0, 0x250)):
        folded = ascii_fold(char).lower()
        if folded != char.lower() and folded.isascii() and folded.isalpha() and len(folded) <= 2:
            found[folded] += char
    return dict(found)


SPELLINGS = _spellings()
PAIRS = {key for key in SPELLINGS if len(key) == 2}


def word_pattern(word):
    """A regular expression matching every spelling of a folded word ("oe" also matches "œ")."""
    parts, index = [], 0
    while index < len(word):
        pair = word[index:index + 2]
        if pair in PAIRS:
            parts.append(f"(?:[{SPELLINGS[pair]}]|{_letter(pair[0])}{_letter(pair[1])})")
            index += 2
        else:
            parts.append(_letter(word[index]))
            index += 1
    return "".join(parts)


def _letter(char):
    return f"[{SPELLINGS[char]}]" if char in SPELLINGS else char


def search_territories(text, limit=20):
    """The territories matching what an editor typed, best first (one query); [] for blank text."""
    words = search_key(text).split()[:MAX_WORDS]
    if not words:
        return []
    patterns = [word_pattern(word) for word in words]
    name = "^" + SEPARATORS.join(patterns)
    queryset = Territoire.objects.annotate(
        haystack=Concat("libelle", Value(" "), "code", Value(" "), "synonymes", output_field=CharField()))
    for pattern in patterns:
        queryset = queryset.filter(haystack__regex=pattern)
    queryset = queryset.annotate(
        rank=Case(
            When(code__iexact=text.strip(), then=Value(0)),
            When(nom__regex=name + "$", then=Value(1)),
            When(nom__regex=name, then=Value(2)),
            default=Value(3), output_field=IntegerField()),
        level_rank=Case(*[When(niveau=level, then=Value(index)) for index, level in enumerate(LEVEL_ORDER)],
                        default=Value(len(LEVEL_ORDER)), output_field=IntegerField()),
    ).order_by("rank", "level_rank", "libelle")
    fields = ("pk", "libelle", "nom", "niveau", "code", "synonymes")
    return [_result(row, words) for row in queryset.values_list(*fields)[:limit]]


def _result(row, words):
    pk, libelle, nom, niveau, code, text = row
    found_by = ""
    if not _has_all(search_key(f"{libelle} {code}"), words):
        found_by = next((alias for alias in synonyms(text) if _has_all(search_key(alias), words)), "")
    return {"id": pk, "label": libelle, "level": str(Territoire.Niveau(niveau).label), "code": code,
            "alias": found_by}


def _has_all(key, words):
    return all(word in key for word in words)


def chosen(ids):
    """The territories of these ids (strings or numbers; anything else ignored), by label."""
    ids, _refused = parse_ids(ids)
    if not ids:
        return []
    return list(Territoire.objects.filter(pk__in=ids).only("pk", "libelle"))
