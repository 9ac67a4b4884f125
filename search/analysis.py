"""French text analysis shared by the embedded engine, mirroring the OpenSearch analyser.

Chain: standard-like tokenisation -> lowercase -> elision -> ASCII folding -> French light
stemming (a port of Lucene's FrenchLightStemmer, OpenSearch's ``light_french``); one analysed
form per token. Synonym groups are analysed with the same chain and matched on stems by the
query side (query_text.py), which also drops French stop words from queries. The highlighter
marks the words of a text whose forms match a query, from the forms as indexed.
"""
import html
import re
import unicodedata

# Unicode word-break joiners (UAX #29) kept inside a token, as Lucene's StandardTokenizer does:
# "l'égalité", "aujourd'hui", "u.s.a", "3,5". A hyphen always splits ("femmes-hommes").
_LETTER = r"[^\W\d_]"
# Combining accents, soft hyphens, joiners and variation selectors stay inside a token (UAX #29
# Extend and Format: "inter\u00adnational" is one token); a lone accent after a space is none.
_EXTEND = (
    "\u00ad\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u2060-\u2064\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
)
# A word character, then word characters or extenders; underscores join words but make no token
# alone ("a_b" is one token, "____" none).
_WORD_PART = rf"_*[^\W_][\w{_EXTEND}]*"
# The joiner is matched before looking behind it: most words end before a space, where the
# expression then fails at once (twice as fast as looking behind first).
_BETWEEN_LETTERS = rf"[:·'’.‘\u0387\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a](?<={_LETTER}.)(?={_LETTER})"
_BETWEEN_DIGITS = r"[,;.'’‘\u037e\u2024\u2044\ufe10\ufe14\ufe50\ufe52\ufe54\uff07\uff0c\uff0e\uff1b](?<=\d.)(?=\d)"
_WORDS = rf"{_WORD_PART}(?:(?:{_BETWEEN_LETTERS}|{_BETWEEN_DIGITS}){_WORD_PART})*"
TOKEN_RE = re.compile(_WORDS)

# Emoji are tokens too (Lucene's <EMOJI>): Extended_Pictographic characters (emoji-data 11, as in
# Lucene's grammar) with their modifiers and presentation selectors, zero-width-joined sequences,
# flags (regional indicator pairs) and keycaps ("#️⃣").
_PICTOGRAPHIC = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9-\u21aa\u231a-\u231b\u2328\u2388\u23cf"
    "\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa-\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u2605\u2607-\u2612"
    "\u2614-\u2685\u2690-\u2705\u2708-\u2712\u2714\u2716\u271d\u2721\u2728\u2733-\u2734\u2744\u2747"
    "\u274c\u274e\u2753-\u2755\u2757\u2763-\u2767\u2795-\u2797\u27a1\u27b0\u27bf\u2934-\u2935"
    "\u2b05-\u2b07\u2b1b-\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001f0ff"
    "\U0001f10d-\U0001f10f\U0001f12f\U0001f16c-\U0001f171\U0001f17e-\U0001f17f\U0001f18e"
    "\U0001f191-\U0001f19a\U0001f1ad-\U0001f1e5\U0001f201-\U0001f20f\U0001f21a\U0001f22f"
    "\U0001f232-\U0001f23a\U0001f23c-\U0001f23f\U0001f249-\U0001f53d\U0001f546-\U0001f64f"
    "\U0001f680-\U0001f6ff\U0001f774-\U0001f77f\U0001f7d5-\U0001f7ff\U0001f80c-\U0001f80f"
    "\U0001f848-\U0001f84f\U0001f85a-\U0001f85f\U0001f888-\U0001f88f\U0001f8ae-\U0001f8ff"
    "\U0001f90c-\U0001f93a\U0001f93c-\U0001f945\U0001f947-\U0001fffd"
)
_REGIONAL_INDICATORS = "\U0001f1e6-\U0001f1ff"
_EMOJI_EXTEND = _EXTEND.replace("\u200d", "") + "\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"  # skin tones, tags
_EMOJI_PART = rf"[{_PICTOGRAPHIC}][{_EMOJI_EXTEND}]*"
_EMOJI = rf"{_EMOJI_PART}(?:\u200d{_EMOJI_PART})*|[{_REGIONAL_INDICATORS}]{{2}}|[#*]\ufe0f?\u20e3"
TOKEN_OR_EMOJI_RE = re.compile(rf"{_WORDS}|{_EMOJI}")
# "Other numbers" (², ½, ①) are no word characters for Lucene: "m²" is "m" (the Latin ones here).
_OTHER_NUMBERS = (
    "\u00b2\u00b3\u00b9\u00bc-\u00be\u2070\u2074-\u2079\u2080-\u2089\u2150-\u215f\u2189"
    "\u2460-\u249b\u24ea-\u24ff\u2776-\u2793\u3251-\u325f\u3280-\u3289\u32b1-\u32bf\U0001f100-\U0001f10c"
)
_OTHER_NUMBER_RE = re.compile(f"[{_OTHER_NUMBERS}]")
# Seldom in a text: without any, TOKEN_RE alone (faster) finds the tokens.
_UNUSUAL_RE = re.compile(f"[{_PICTOGRAPHIC}{_REGIONAL_INDICATORS}\u20e3{_OTHER_NUMBERS}]")


def _token_matching(text, start=0, end=None):
    """(expression, text to match it on) for the tokens of ``text`` between ``start`` and ``end``:
    TOKEN_RE and ``text``, or TOKEN_OR_EMOJI_RE and ``text`` with its other numbers blanked (one
    space each, so that offsets stay those of ``text``)."""
    if text.isascii() or not _UNUSUAL_RE.search(text, start, len(text) if end is None else end):
        return TOKEN_RE, text
    return TOKEN_OR_EMOJI_RE, _OTHER_NUMBER_RE.sub(" ", text)


MAX_TOKEN_LENGTH = 255  # StandardTokenizer's default: longer runs are cut into pieces

APOSTROPHES = "'’"
ELIDED_ARTICLES = frozenset({"l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu"})

# Characters whose ASCII folding is not their canonical decomposition (Lucene ASCIIFoldingFilter).
_SPECIAL_FOLDS = {
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH",
    "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ĸ": "q", "ŀ": "l", "Ŀ": "L",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "«": '"', "»": '"', "“": '"', "”": '"',
    "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " ", "‼": "!!", "⁉": "!?",
}


# French stop words (the Snowball list, https://snowballstem.org/algorithms/french/stop.txt, BSD),
# compared with folded unstemmed words. The index keeps them; queries drop them (query_text.py).
_SNOWBALL_FRENCH_STOP_WORDS = """
au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me même mes moi mon ne nos
notre nous on ou par pas pour qu que qui sa se ses sur ta te tes toi ton tu un une vos votre vous c d j l à
m n s t y étée étées étant suis es êtes sont serai seras sera serons serez seront serais serait serions
seriez seraient étais était étions étiez étaient fus fut fûmes fûtes furent sois soit soyons soyez soient
fusse fusses fussions fussiez fussent ayant eu eue eues eus ai avons avez ont aurai aurons aurez auront
aurais aurait aurions auriez auraient avais avait aviez avaient eut eûmes eûtes eurent aie aies ait ayons
ayez aient eusse eusses eût eussions eussiez eussent ceci cela celà cet cette ici ils les leurs quel quels
quelle quelles sans soi
"""


# Folding ----------------------------------------------------------------------------------
# Compatibility decompositions Lucene's table also folds: wide (fullwidth "ＡＮＲＵ"), circled
# letters, and Latin ligatures and digraphs ("ﬁ", "ĳ", "ǅ", "ŀ"); not font variants ("ℌ", "𝐚"),
# superscripts ("ª", "º", "™"), roman numerals ("Ⅳ") nor other scripts' presentation forms.
_FOLDED_COMPATIBILITY = frozenset({"<wide>", "<circle>"})


def _fold_char(char):
    if char < "\x80":
        return char
    if unicodedata.combining(char):
        return ""
    if char in _SPECIAL_FOLDS:
        return _SPECIAL_FOLDS[char]
    tag = unicodedata.decomposition(char).partition(" ")[0]
    if tag.startswith("<") and tag not in _FOLDED_COMPATIBILITY and not (
            tag == "<compat>" and unicodedata.name(char, "").startswith("LATIN")):
        return char
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(part for part in decomposed if not unicodedata.combining(part))
    # Non-Latin letters (Greek, Cyrillic, CJK...) have no ASCII form: Lucene leaves them as they are.
    return stripped if stripped and stripped.isascii() else char


_FOLD_TABLE = {}


def ascii_fold(text):
    """Fold accents and Latin ligatures to ASCII ("Œuvre élevée" -> "OEuvre elevee")."""
    if text.isascii():
        return text
    for char in set(text):
        if ord(char) not in _FOLD_TABLE:
            _FOLD_TABLE[ord(char)] = _fold_char(char)
    return text.translate(_FOLD_TABLE)


def fold(text):
    """Lowercase and ASCII folding: sort keys and suggestions."""
    return ascii_fold(text.lower())


# Tokenisation ---------------------------------------------------------------------------------
def normalize(text):
    """Composed form, so that a decomposed "é" folds like a composed one."""
    return unicodedata.normalize("NFC", text) if not text.isascii() else text


def token_spans(text, start=0, end=None):
    """(start, end) of every token of ``text`` (between ``start`` and ``end``)."""
    end = len(text) if end is None else end
    expression, matched = _token_matching(text, start, end)
    for match in expression.finditer(matched, start, end):
        token_start, token_end = match.span()
        while token_end - token_start > MAX_TOKEN_LENGTH:
            yield token_start, token_start + MAX_TOKEN_LENGTH
            token_start += MAX_TOKEN_LENGTH
        yield token_start, token_end


def tokens(text):
    """The tokens of ``text``, as token_spans() cuts them."""
    expression, matched = _token_matching(text)
    words = expression.findall(matched)
    if words and max(map(len, words)) > MAX_TOKEN_LENGTH:
        return [text[start:end] for start, end in token_spans(text)]
    return words


def elision_length(token):
    """How many leading characters the elision filter removes ("l'" of "l'égalité": 2)."""
    for index, char in enumerate(token):
        if char in APOSTROPHES:
            return index + 1 if token[:index].lower() in ELIDED_ARTICLES else 0
    return 0


# Token analysis ------------------------------------------------------------------------------
_ANALYSED = {}
_UNSTEMMED = {}
_CACHE_LIMIT = 200_000


def _remember(cache, key, value):
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def unstemmed(token):
    """lowercase -> elision -> ASCII folding, the form used by autocomplete. Never empty, so
    that the n-th form of a text is always its n-th token (highlighting relies on it)."""
    found = _UNSTEMMED.get(token)
    if found is None:
        lowered = normalize(token).lower()
        word = lowered[elision_length(lowered):]
        found = _remember(_UNSTEMMED, token, ascii_fold(word) or word)
    return found


def analyse_token(token):
    """The indexed form of one token: unstemmed() then the French light stemmer."""
    found = _ANALYSED.get(token)
    if found is None:
        found = _remember(_ANALYSED, token, french_light_stem(unstemmed(token)))
    return found


def analyse(text):
    """Indexed forms of every token of ``text``, in order: one form per token."""
    if not text:
        return []
    words = tokens(text.lower())  # lowercase first: fewer distinct words to look up, same tokens
    forms = list(map(_ANALYSED.get, words))  # the common case: every word seen before
    if None in forms:
        forms = [form if form is not None else analyse_token(word) for word, form in zip(words, forms)]
    return forms


CHECKPOINT_INTERVAL = 256


def analyse_with_checkpoints(text, interval=CHECKPOINT_INTERVAL):
    """analyse(text) and the offset in ``text`` of every ``interval``-th token, from which the
    highlighter finds a token in a long text without tokenising all of it again."""
    spans = list(token_spans(text))
    forms = [analyse_token(text[start:end]) for start, end in spans]
    return forms, [start for start, _ in spans[::interval]]


STOP_WORDS = frozenset(ascii_fold(word) for word in _SNOWBALL_FRENCH_STOP_WORDS.split())


def is_stop_word(token):
    """A French function word ("la", "dans", "l'"...), once elided and folded."""
    return unstemmed(token) in STOP_WORDS


def unstemmed_words(text):
    """unstemmed() forms of every token of ``text``: the words autocomplete matches."""
    if not text:
        return []
    words = tokens(text.lower())
    forms = list(map(_UNSTEMMED.get, words))
    if None in forms:
        forms = [form if form is not None else unstemmed(word) for word, form in zip(words, forms)]
    return forms


# French light stemmer -----------------------------------------------------------------------
# A port of org.apache.lucene.analysis.fr.FrenchLightStemmer (J. Savoy's UniNE light stemmer).
# Lucene works on a char array with a length; this keeps that shape so the port reads line by
# line against the original. Its accented rules ("ième", "ère", "ète") cannot fire after ASCII
# folding, which runs first in our chain as in the OpenSearch analyser; they are kept for fidelity.
def french_light_stem(word):
    stem, length = _stem(word, len(word))
    return stem[:length]


def _put(s, index, char):
    """s with s[index] replaced: Lucene writes into its char array, strings here are immutable."""
    return s[:index] + char + s[index + 1:]


def _stem(s, n):  # noqa: C901 - mirrors the original's sequence of rules
    """(word, length): the stem is word[:length]; rules check suffixes of word[:n] (endswith)."""
    if n > 5 and s[n - 1] == "x":
        if s[n - 3] == "a" and s[n - 2] == "u" and s[n - 4] != "e":
            s = _put(s, n - 2, "l")
        n -= 1
    if n > 3 and s[n - 1] == "x":
        n -= 1
    if n > 3 and s[n - 1] == "s":
        n -= 1

    if n > 9 and s.endswith("issement", 0, n):
        n -= 6
        return _norm(_put(s, n - 1, "r"), n)
    if n > 8 and s.endswith("issant", 0, n):
        n -= 4
        return _norm(_put(s, n - 1, "r"), n)
    if n > 6 and s.endswith("ement", 0, n):
        n -= 4
        if n > 3 and s.endswith("ive", 0, n):
            n -= 1
            s = _put(s, n - 1, "f")
        return _norm(s, n)
    if n > 11 and s.endswith("ficatrice", 0, n):
        n -= 5
        return _norm(s[:n - 2] + "er" + s[n:], n)
    if n > 10 and s.endswith("ficateur", 0, n):
        n -= 4
        return _norm(s[:n - 2] + "er" + s[n:], n)
    if n > 9 and s.endswith("catrice", 0, n):
        n -= 3
        return _norm(s[:n - 4] + "que" + s[n - 1:], n)
    if n > 8 and s.endswith("cateur", 0, n):
        n -= 2
        return _norm(s[:n - 4] + "quer" + s[n:], n)
    if n > 8 and s.endswith("atrice", 0, n):
        n -= 4
        return _norm(s[:n - 2] + "er" + s[n:], n)
    if n > 7 and s.endswith("ateur", 0, n):
        n -= 3
        return _norm(s[:n - 2] + "er" + s[n:], n)
    if n > 6 and s.endswith("trice", 0, n):
        n -= 1
        s = s[:n - 3] + "eur" + s[n:]
    if n > 5 and s.endswith("ième", 0, n):
        return _norm(s, n - 4)
    if n > 7 and s.endswith("teuse", 0, n):
        n -= 2
        return _norm(_put(s, n - 1, "r"), n)
    if n > 6 and s.endswith("teur", 0, n):
        n -= 1
        return _norm(_put(s, n - 1, "r"), n)
    if n > 5 and s.endswith("euse", 0, n):
        return _norm(s, n - 2)
    if n > 8 and s.endswith("ère", 0, n):
        n -= 1
        return _norm(_put(s, n - 2, "e"), n)
    if n > 7 and s.endswith("ive", 0, n):
        n -= 1
        return _norm(_put(s, n - 1, "f"), n)
    if n > 4 and (s.endswith("folle", 0, n) or s.endswith("molle", 0, n)):
        n -= 2
        return _norm(_put(s, n - 1, "u"), n)
    if n > 9 and s.endswith("nnelle", 0, n):
        return _norm(s, n - 5)
    if n > 9 and s.endswith("nnel", 0, n):
        return _norm(s, n - 3)
    if n > 4 and s.endswith("ète", 0, n):
        n -= 1
        s = _put(s, n - 2, "e")
    if n > 8 and s.endswith("ique", 0, n):
        n -= 4
    if n > 8 and s.endswith("esse", 0, n):
        return _norm(s, n - 3)
    if n > 7 and s.endswith("inage", 0, n):
        return _norm(s, n - 3)
    if n > 9 and s.endswith("isation", 0, n):
        n -= 7
        if n > 5 and s.endswith("ual", 0, n):
            s = _put(s, n - 2, "e")
        return _norm(s, n)
    if n > 9 and s.endswith("isateur", 0, n):
        return _norm(s, n - 7)
    if n > 8 and s.endswith("ation", 0, n):
        return _norm(s, n - 5)
    if n > 8 and s.endswith("ition", 0, n):
        return _norm(s, n - 5)
    return _norm(s, n)


_NORM_ACCENTS = str.maketrans("àáâôèéêùûîç", "aaaoeeeuuic")
_REPEATED_LETTERS = re.compile(r"([^\W\d_])\1+")


def _one_letter(run):
    letter = run.group(1)
    return letter if letter.isalpha() else run.group(0)


def _norm(s, n):
    s = s[:n]
    if n > 4:
        # Collapse runs of the same letter ("mission" -> "mision"), as StemmerUtil.delete does.
        s = _REPEATED_LETTERS.sub(_one_letter, s.translate(_NORM_ACCENTS))
        n = len(s)
    if n > 4 and s.endswith("ie"):
        n -= 2
    if n > 4:
        if s[n - 1] == "r":
            n -= 1
        if s[n - 1] == "e":
            n -= 1
        if s[n - 1] == "e":
            n -= 1
        if s[n - 1] == s[n - 2] and s[n - 1].isalpha():
            n -= 1
    return s, n


# Highlighting ------------------------------------------------------------------------------
FRAGMENT_SIZE = 150
MAX_FRAGMENTS = 3
WHOLE_FIELD_LENGTH = 300  # shorter fields come back whole, as one fragment
LONG_TEXT_LENGTH = 20_000  # longer texts are highlighted from their analysed forms and checkpoints
_FRAGMENT_LEAD = 50  # characters of context kept before a fragment's first match
_OCCURRENCES_PER_PATTERN = 32


def highlight(text, patterns, analysed=None, checkpoints=None):
    """HTML-escaped fragments of ``text``, with the words matching ``patterns`` in <mark>.

    ``patterns`` are tuples of analysed forms: a term, or a phrase whose words are marked only
    where they follow each other. ``analysed`` is the text's forms joined by spaces, as indexed
    (computed when not given); ``checkpoints`` (analyse_with_checkpoints) spare a long text
    from being tokenised up to its matches.
    """
    if not text or not patterns:
        return []
    if analysed is None:
        analysed = " ".join(analyse(text))
    indexes = _matching_indexes(analysed, patterns)
    if not indexes:
        return []
    spans = [_marked_span(text, start, end) for start, end in _token_spans_at(text, indexes, checkpoints)]
    if len(text) <= WHOLE_FIELD_LENGTH:
        return [_marked(text, 0, len(text), spans)]
    return [_marked(text, start, end, found) for start, end, found in _fragments(text, spans)]


def _matching_indexes(analysed, patterns):
    """Sorted positions of the forms inside an occurrence of a pattern (the first ones only)."""
    padded = f" {analysed} "
    occurrences = set()
    for pattern in patterns:
        needle = " " + " ".join(pattern) + " "
        position = padded.find(needle)
        for _ in range(_OCCURRENCES_PER_PATTERN):
            if position < 0:
                break
            occurrences.add((position, len(pattern)))
            position = padded.find(needle, position + 1)
    indexes, counted, forms_before = set(), 0, 0
    for position, length in sorted(occurrences):
        forms_before += padded.count(" ", counted, position)
        counted = position
        indexes.update(range(forms_before, forms_before + length))
    return sorted(indexes)


def _token_spans_at(text, indexes, checkpoints):
    """(start, end) of the tokens at these positions, each read from its nearest checkpoint."""
    interval = CHECKPOINT_INTERVAL if checkpoints else len(text) + 1
    starts = checkpoints or [0]
    blocks = {}
    for index in indexes:
        blocks.setdefault(index // interval, set()).add(index)
    for block, wanted in sorted(blocks.items()):
        if block >= len(starts):  # positions beyond the text: the index is older than the text
            return
        last = max(wanted)
        for position, span in enumerate(token_spans(text, starts[block]), block * interval):
            if position > last:
                break
            if position in wanted:
                yield span


def _marked_span(text, start, end):
    """A token's span without its elided article: "l'<mark>égalité</mark>"."""
    return start + elision_length(text[start:end]), end


def _fragments(text, spans):
    fragments = []
    for start, end in spans:
        if fragments and start < fragments[-1][1]:
            fragments[-1][1] = max(fragments[-1][1], end)
            fragments[-1][2].append((start, end))
            continue
        if len(fragments) == MAX_FRAGMENTS:
            break
        fragment_start = _word_start(text, max(0, start - _FRAGMENT_LEAD), start)
        fragment_end = max(end, _word_end(text, fragment_start + FRAGMENT_SIZE))
        fragments.append([fragment_start, fragment_end, [(start, end)]])
    return fragments


def _word_start(text, position, limit):
    """``position`` moved forward past a cut word, never beyond ``limit``."""
    if position == 0 or text[position - 1].isspace():
        return position
    space = text.find(" ", position, limit)
    return limit if space < 0 else space + 1


def _word_end(text, position):
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", position - 30, position)
    return position if space < 0 else space


def _marked(text, start, end, spans):
    pieces, position = [], start
    for span_start, span_end in spans:
        pieces.append(html.escape(text[position:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(html.escape(text[position:end]))
    return "".join(pieces).strip()
