"""What a user typed, turned into clauses of analysed tokens and into an FTS5 MATCH expression.

Syntax understood: plain words (all required), "quoted phrases" and -exclusions (-word or
-"phrase"). Every other character is text for the analyser; the MATCH expression is written
here from analysed tokens, each quoted, so no user character ever reaches FTS5 as syntax.
Synonym groups expand any run of words (or a whole phrase/exclusion) equal to one member,
compared on stems, into an OR of all members. French stop words typed as plain words are not
required ("accès à la culture" needs "accès" and "culture"), unless the text has nothing else.
"""
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .analysis import analyse, analyse_token, is_stop_word, tokens

MAX_TEXT_LENGTH = 1000
MAX_REQUIRED_CLAUSES = 32
MAX_EXCLUDED_CLAUSES = 16


@dataclass(frozen=True)
class Clause:
    """Alternatives (OR), each a sequence of analysed tokens (a phrase when longer than one)."""

    alternatives: tuple
    stop_word: bool = False  # a lone stop word, dropped when other clauses remain


@dataclass
class ParsedText:
    required: list = field(default_factory=list)
    excluded: list = field(default_factory=list)

    @property
    def highlight_patterns(self):
        """Terms and phrases (tuples of stems) marked in highlights; exclusions are not."""
        return frozenset(tokens for clause in self.required for tokens in clause.alternatives)


# Synonyms --------------------------------------------------------------------------------------
class SynonymTable:
    """Synonym groups analysed like the text, looked up by their first stem."""

    def __init__(self, groups):
        self.by_first_token = {}
        for group in groups:
            members = tuple(dict.fromkeys(tokens for tokens in (tuple(analyse(str(term))) for term in group) if tokens))
            if len(members) < 2:
                continue
            for member in members:
                self.by_first_token.setdefault(member[0], []).append((member, members))
        for candidates in self.by_first_token.values():
            candidates.sort(key=lambda candidate: -len(candidate[0]))  # longest member wins

    def longest_match(self, tokens, start):
        """(length, alternatives) of the longest member starting at ``tokens[start]``, or None."""
        for member, members in self.by_first_token.get(tokens[start], ()):
            if tuple(tokens[start:start + len(member)]) == member:
                return len(member), members
        return None

    def alternatives(self, tokens):
        """The group of a token sequence equal to a whole member, else the sequence alone."""
        tokens = tuple(tokens)
        found = self.longest_match(tokens, 0) if tokens else None
        if found and found[0] == len(tokens):
            return found[1]
        return (tokens,)


@lru_cache(maxsize=64)
def _synonym_table(groups):
    return SynonymTable(groups)


def synonym_table(groups):
    return _synonym_table(tuple(tuple(group) for group in groups or ()))


# Parsing ----------------------------------------------------------------------------------------
def clean_text(text):
    """Control and unassigned characters become spaces; the length is bounded."""
    text = str(text or "")[:4 * MAX_TEXT_LENGTH]
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    return " ".join(text.split())[:MAX_TEXT_LENGTH]


def split_user_text(text):
    """[(kind, text, excluded)] with kind "words" or "phrase", in the order typed."""
    parts = []
    position, end = 0, len(text)
    while position < end:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        excluded = char == "-" and position + 1 < end and not text[position + 1].isspace()
        if excluded:
            position += 1
        if text[position] == '"':
            closing = text.find('"', position + 1)
            closing = end if closing < 0 else closing
            parts.append(("phrase", text[position + 1:closing], excluded))
            position = closing + 1
        else:
            stop = position
            while stop < end and not text[stop].isspace() and text[stop] != '"':
                stop += 1
            parts.append(("words", text[position:stop], excluded))
            position = stop
    return parts


def parse(text, synonyms=None):
    """ParsedText of what a user typed; never raises, whatever the input."""
    synonyms = synonyms or synonym_table(())
    parsed = ParsedText()
    run = []  # consecutive plain words (their tokens): multi-word synonyms may span them
    for kind, part, excluded in split_user_text(clean_text(text)):
        if kind == "words" and not excluded:
            run.extend(tokens(part))
            continue
        parsed.required.extend(_expand_run(run, synonyms))
        run = []
        forms = analyse(part)
        if forms:
            target = parsed.excluded if excluded else parsed.required
            target.append(Clause(synonyms.alternatives(forms)))
    parsed.required.extend(_expand_run(run, synonyms))
    parsed.required = _without_stop_words(_distinct(parsed.required))[:MAX_REQUIRED_CLAUSES]
    parsed.excluded = _distinct(parsed.excluded)[:MAX_EXCLUDED_CLAUSES]
    return parsed


def _expand_run(words, synonyms):
    forms = [analyse_token(word) for word in words]
    clauses, position = [], 0
    while position < len(forms):
        found = synonyms.longest_match(forms, position)
        if found:
            length, members = found
            clauses.append(Clause(members))
            position += length
        else:
            clauses.append(Clause(((forms[position],),), stop_word=is_stop_word(words[position])))
            position += 1
    return clauses


def _without_stop_words(clauses):
    meaningful = [clause for clause in clauses if not clause.stop_word]
    return meaningful or clauses


def _distinct(clauses):
    return list(dict.fromkeys(clauses))


# FTS5 expressions ----------------------------------------------------------------------------
def quoted(tokens):
    """One FTS5 string: a term, or a phrase of consecutive terms."""
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def clause_expression(clause):
    alternatives = [quoted(tokens) for tokens in clause.alternatives]
    return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"


def any_of(clauses):
    return " OR ".join(clause_expression(clause) for clause in clauses)


def match_expressions(parsed):
    """(positive, negative) FTS5 expressions; positive None means every document,
    negative None means nothing excluded. Exclusions are folded into the positive one."""
    negative = any_of(parsed.excluded) or None
    if not parsed.required:
        return None, negative
    positive = " AND ".join(clause_expression(clause) for clause in parsed.required)
    if negative:
        return f"({positive}) NOT ({negative})", None
    return positive, None
