""""Vouliez-vous dire …": correcting what a user typed from the words of the index.

Engine-neutral. A ``Typed`` text is cut into words as the analyser cuts them; a correction is
a list of ``Item``s, each the folded word(s) proposed for one typed word or for two typed words
joined. ``Corrector`` finds them from a ``Vocabulary`` (how many documents have a folded word,
which indexed words are spelled close to one); the embedded engine gives it its trigram table.
OpenSearch and Elasticsearch find corrections with their phrase suggester and map them to the
typed words with ``items_from_words``. ``spelling_display`` then writes the proposal in the
base's own spelling (accents, capitals, hyphens of a label: "Garges-lès-Gonesse").
"""
import math
from dataclasses import dataclass

from .analysis import STOP_WORDS, analyse_token, token_spans, unstemmed, unstemmed_words
from .query_text import clean_text

MAX_WORDS = 12  # longer texts get no proposal: the cost of correcting grows with each word
MAX_CANDIDATES = 40  # close words examined per typed word
RARE = 2  # an indexed word in this many documents or fewer may itself be a typo
MUCH_MORE_FREQUENT = 10


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    typed: str
    folded: str


@dataclass(frozen=True)
class Item:
    """``folded``: one word, or two separated by a space (a typed word split); it replaces the
    typed words ``first`` to ``last`` (two when joined)."""

    folded: str
    first: int
    last: int
    changed: bool


class Typed:
    """What a user typed (cleaned as the search cleans it) and its words."""

    def __init__(self, text):
        self.text = clean_text(text)
        self.words = [Word(start, end, self.text[start:end], unstemmed(self.text[start:end]))
                      for start, end in token_spans(self.text)]

    def correctable(self):
        return 0 < len(self.words) <= MAX_WORDS


class Vocabulary:
    """What a corrector asks an engine; ``extra`` words (thesaurus aliases) count as indexed."""

    def __init__(self, extra=()):
        self.extra = frozenset(extra)

    def counts(self, words):
        """{word: number of documents having it} for the indexed ones among ``words``."""
        raise NotImplementedError

    def neighbours(self, word, limit):
        """Indexed words spelled close to ``word`` (sharing letter trigrams), best first."""
        raise NotImplementedError

    def prepare(self, words, limit):
        """Called once with every word whose neighbours may be asked (to batch the asking)."""

    def stem_known(self, word):
        """Whether a document has a word of the same stem (the search finds this one)."""
        return False

    def close(self, word, limit):
        """neighbours() and the extra words a few edits away."""
        found = list(self.neighbours(word, limit))
        found += [(extra, 1) for extra in self.extra if edit_distance(word, extra, 3) < 3]
        return found

    def known(self, words):
        found = self.counts(words)
        for word in set(words) & self.extra:
            found[word] = max(found.get(word, 0), 1)
        return found


def alias_words(synonyms):
    """The words of the thesaurus' synonym groups: the search knows them (it expands them)."""
    return {word for group in synonyms for term in group for word in unstemmed_words(str(term))
            if not is_fixed(word) and word.isalpha()}


def max_edits(word):
    return 1 if len(word) <= 4 else 2


def edit_distance(a, b, limit=3):
    """Damerau-Levenshtein distance (optimal string alignment), capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) >= limit:
            return limit
        previous2, previous = previous, current
    return min(previous[-1], limit)


def is_fixed(word):
    """Words never corrected: stop words, numbers, single letters."""
    return word in STOP_WORDS or len(word) < 3 or any(char.isdigit() for char in word)


class Corrector:
    def __init__(self, vocabulary):
        self.vocabulary = vocabulary

    def correct(self, typed):
        """The items of the closest indexed spelling, or None when nothing would change."""
        words = [word.folded for word in typed.words]
        asked = set(words) | {a + b for a, b in zip(words, words[1:])}
        asked |= {split for word in words if not is_fixed(word) for pair in _splits(word) for split in pair}
        counts = self.vocabulary.known(asked)
        self.vocabulary.prepare([word for word in words if not is_fixed(word) and counts.get(word, 0) <= RARE],
                                MAX_CANDIDATES)
        items, index = [], 0
        while index < len(words):
            word = words[index]
            following = words[index + 1] if index + 1 < len(words) else None
            if following and not (word in counts and following in counts) and counts.get(word + following):
                items.append(Item(word + following, index, index + 1, True))
                index += 2
                continue
            items.append(self._item(word, index, counts))
            index += 1
        return items if any(item.changed for item in items) else None

    def _item(self, word, index, counts):
        count = counts.get(word, 0)
        if is_fixed(word) or count > RARE:
            return Item(word, index, index, False)
        # A word the search finds by its stem ("emplois") takes the base's spelling of that stem
        # first; a rare indexed word only gives way to a much more frequent word of another stem.
        stem_known = not count and self.vocabulary.stem_known(word)
        best = self._best(word, counts, known=count > 0, stem_known=stem_known)
        return Item(best, index, index, True) if best and best != word else Item(word, index, index, False)

    def _best(self, word, counts, known, stem_known=False):
        """The closest indexed word, or two indexed words the typed one joined."""
        limit = 1 if known else max_edits(word)
        stem = analyse_token(word)
        same_stem, others = [], []
        for candidate, docs in self.vocabulary.close(word, MAX_CANDIDATES):
            if candidate == word or (known and docs < MUCH_MORE_FREQUENT * max(counts.get(word, 1), 1)):
                continue
            distance = edit_distance(word, candidate, limit + 1)
            if distance <= limit:
                scored = same_stem if analyse_token(candidate) == stem else others
                scored.append((_cost(word, candidate, distance, docs), candidate))
        if known:
            scored = others  # the search already finds the words of its stem
        elif stem_known and same_stem:
            scored = same_stem
        else:
            scored = same_stem + others + [
                (_cost(word, first + second, 1, min(counts[first], counts[second])) + 0.25, f"{first} {second}")
                for first, second in _splits(word) if first in counts and second in counts]
        return min(scored)[1] if scored else None


def _cost(word, candidate, distance, docs):
    """Fewer edits first; then a kept first letter; then the more frequent word."""
    return distance + (0.5 if word[:1] != candidate[:1] else 0) - min(math.log10(docs + 1), 5) / 10


def _splits(word):
    """Two words a typed word may have joined ("politiquede" -> "politique", "de")."""
    if len(word) < 5:
        return []
    return [(word[:cut], word[cut:]) for cut in range(2, len(word) - 1)]


def reshaped(items):
    """Whether a correction joins or splits typed words."""
    return any(item.first != item.last or " " in item.folded for item in items)


def items_from_words(typed, proposed):
    """Items of a proposal given as folded words, one per typed word (the phrase suggester's
    tokens are the typed ones, corrected); None when it does not line up or changes nothing."""
    if len(proposed) != len(typed.words):
        return None
    items = [Item(new, index, index, new != word.folded)
             for index, (word, new) in enumerate(zip(typed.words, proposed))]
    return items if any(item.changed for item in items) else None
