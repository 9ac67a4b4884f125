"""Normalised keys of a notice, compared by duplicate detection (pure functions, no database)."""
import re
import unicodedata

# Articles and the most frequent linking words, French and English: "La santé des jeunes" and
# "Santé des jeunes (la)" get the same key.
STOP_WORDS = frozenset("""
le la les l un une des du de d au aux et en a the an of and
""".split())
TITLE_KEY_LENGTH = 255
TITLE_START_LENGTH = 20  # the indexed beginning of the key: near-identical titles share it
_NOT_WORD = re.compile(r"[\W_]+")


def title_key(title):
    """Lowercase, without accents, punctuation, articles or linking words; words kept in order."""
    decomposed = unicodedata.normalize("NFKD", title or "")
    folded = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    folded = folded.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    words = [word for word in _NOT_WORD.split(folded) if word and word not in STOP_WORDS]
    return " ".join(words)[:TITLE_KEY_LENGTH].rstrip()


def title_start(key):
    """The beginning of a title key, stored in an indexed column with the year. Words are taken
    without their plural mark (a final s or x), so that short titles differing by a plural, whose
    key is all in this column, still meet: "ecole dans quartier" / "ecole dans quartiers"."""
    return singular_key(key)[:TITLE_START_LENGTH].rstrip()


def singular_key(key):
    """The title key with its words without their plural mark."""
    return " ".join(_singular(word) for word in key.split(" "))


def _singular(word):
    return word[:-1] if len(word) > 3 and word[-1] in "sx" and not word[-2].isdigit() else word


def title_numbers(key):
    """The numbers of a title key, in order: titles that differ by them are different documents
    ("rapport 2021" / "rapport 2022", "tome 1" / "tome 2")."""
    return [word for word in key.split(" ") if word.isdigit()]


def isbn_key(isbn):
    """The ISBN-13 of a valid ISBN-10 or ISBN-13 (hyphens, spaces, prefix ignored), else the
    digits as written (a wrong check digit is still the same typing), else ""."""
    text = (isbn or "").upper()
    characters = "".join(char for char in text if char.isdigit() or char == "X")
    if len(characters) == 10 and characters[:9].isdigit() and _isbn10_valid(characters):
        body = "978" + characters[:9]
        return body + _isbn13_check(body)
    digits = "".join(char for char in characters if char.isdigit())
    if len(digits) < 10:
        return ""
    return digits[:13]


def _isbn10_valid(isbn):
    total = sum((10 - index) * (10 if char == "X" else int(char)) for index, char in enumerate(isbn))
    return total % 11 == 0


def _isbn13_check(body):
    total = sum(int(char) * (1 if index % 2 == 0 else 3) for index, char in enumerate(body))
    return str((10 - total % 10) % 10)
