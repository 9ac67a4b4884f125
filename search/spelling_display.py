"""A correction written as the base writes it: accents, capitals and hyphens from the indexed
texts ("sources": titles, authors, labels), the rest of what the user typed left as typed.

A run of typed words holding a correction whose folded words are exactly those of a label
(a source segment: sources are cut at semicolons and line breaks) becomes that label
("Garges les gonnesse" -> "Garges-lès-Gonesse"). Other corrected words take the spelling they
have inside sentences (so "renouvellement", not the capital of a title's first word).
"""
import re
from collections import Counter, defaultdict

from .analysis import elision_length, token_spans, unstemmed

SEGMENT_SEPARATORS = re.compile(r"\s*[;\n]\s*")
TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)$")  # "Cergy (95)" is also the label "Cergy"
MAX_SEGMENT_LENGTH = 200


def segments_of(sources):
    found = []
    for source in sources:
        for segment in SEGMENT_SEPARATORS.split(str(source or "")):
            if segment and len(segment) <= MAX_SEGMENT_LENGTH * 10:
                found.append(segment.strip())
    return found


class Spellings:
    """Written forms of folded words, and labels by their folded words."""

    def __init__(self, segments):
        self.forms = defaultdict(Counter)  # folded word -> Counter of (inside a sentence, form)
        self.label_text = {}  # (folded words) -> Counter of the segments written so
        for segment in segments:
            words = []
            for position, (start, end) in enumerate(token_spans(segment)):
                token = segment[start:end]
                word = unstemmed(token)
                words.append(word)
                self.forms[word][(position > 0, token[elision_length(token):])] += 1
            if words and len(segment) <= MAX_SEGMENT_LENGTH:
                self._add_label(words, segment)
                short = TRAILING_PARENTHESIS.sub("", segment)
                if short and short != segment:
                    self._add_label([unstemmed(segment[start:end]) for start, end in token_spans(short)], short)

    def _add_label(self, words, segment):
        self.label_text.setdefault(tuple(words), Counter())[segment] += 1

    def form(self, word, typed):
        """How the base writes ``word``; ``typed`` is the user's word it replaces."""
        counted = self.forms.get(word)
        if not counted:
            return word
        inside = [(count, form) for (in_sentence, form), count in counted.items() if in_sentence]
        if inside:
            form = max(inside)[1]
        else:
            form = counted.most_common(1)[0][0][1]
            if typed[:1].islower() and form[:1].isupper() and form[1:].islower():
                form = form.lower()  # capitalised only as a title's first word
        if len(typed) > 1 and typed.isupper():
            return form.upper()
        return form[:1].upper() + form[1:] if typed[:1].isupper() else form

    def capital_inside_sentences(self, word):
        """Whether the base writes ``word`` with a capital inside sentences (a proper noun)."""
        inside = [(count, form) for (in_sentence, form), count in self.forms.get(word, {}).items() if in_sentence]
        return bool(inside) and max(inside)[1][:1].isupper()

    def label(self, words):
        texts = self.label_text.get(tuple(words))
        return texts.most_common(1)[0][0] if texts else None


def proposal_text(typed, items, sources):
    """The typed text with the items' corrections written in the base's spelling."""
    spellings = Spellings(segments_of(sources))
    replacements = []  # (first typed word, last typed word, text)
    index = 0
    while index < len(items):
        found = _label_run(typed, items, index, spellings)
        if found:
            end, text = found
            replacements.append((items[index].first, items[end].last, text))
            index = end + 1
            continue
        item = items[index]
        if item.changed:
            typed_word = typed.words[item.first].typed
            elided = typed_word[:elision_length(typed_word)]
            text = " ".join(spellings.form(word, typed_word) for word in item.folded.split())
            replacements.append((item.first, item.last, elided + text))
        index += 1
    return _rewrite(typed, replacements)


def _label_run(typed, items, start, spellings):
    """(last item index, label text) of the longest run from ``start`` equal to a label and
    holding a correction."""
    for end in range(len(items) - 1, start - 1, -1):
        run = items[start:end + 1]
        if not any(item.changed for item in run):
            continue
        words = [word for item in run for word in item.folded.split()]
        label = spellings.label(words)
        if label:
            return end, _cased_label(label, typed.words[run[0].first].typed, words[0], spellings)
    return None


def _cased_label(label, typed, first_word, spellings):
    """A label (or title) typed in lower case loses its first capital, unless it is a proper
    noun's: other capitals in it ("Garges-lès-Gonesse"), or the base capitalises the word
    inside sentences too."""
    if not (typed[:1].islower() and label[:1].isupper()):
        return label
    if any(char.isupper() for char in label[1:]) or spellings.capital_inside_sentences(first_word):
        return label
    return label[:1].lower() + label[1:]


def _rewrite(typed, replacements):
    text, position = [], 0
    for first, last, replacement in replacements:
        text.append(typed.text[position:typed.words[first].start])
        text.append(replacement)
        position = typed.words[last].end
    text.append(typed.text[position:])
    return "".join(text)
