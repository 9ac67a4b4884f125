"""The embedded engine's "vouliez-vous dire": the words of the suggest table (titles, authors,
subjects: unstemmed, folded) and a trigram table to find the ones spelled close to a typo.

- spell_vocab: fts5vocab over the suggest table: how many documents have each word, always in
  step with the documents (a deleted document's words count one less at once);
- spelling: every word seen (id, word); grams: FTS5 with the trigram tokenizer over "^word$",
  contentless, whose rowid is the word's id. A typo's trigrams, ORed, rank the words sharing
  most of them first; the corrector then measures edit distances on those few.

Words are added as documents are written (``add_words``) and after a rebuild (``fill``); a
word no document has any more stays in ``spelling`` with a count of 0, and is never proposed.
"""
from search.analysis import analyse_token
from search.query_text import quoted
from search.spelling import Vocabulary, is_fixed

from .sql import SQL_CHUNK, chunks, placeholders, sql_string

SOURCES_LIMIT = 30  # documents whose texts give a proposal its spelling
MAX_WORD_LENGTH = 40


def create(connection, tables):
    connection.execute(f"CREATE TABLE IF NOT EXISTS {tables.spelling} "
                       "(id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE)")
    connection.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {tables.grams} USING fts5(word, "
                       "tokenize = 'trigram', content = '')")
    connection.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {tables.spell_vocab} USING fts5vocab("
                       f"{sql_string(tables.raw_name('suggest'))}, 'row')")


def exists(connection, tables):
    return connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                              (tables.raw_name("grams"),)).fetchone() is not None


def ensure(connection, tables):
    """Create and fill the tables of an index built before they existed (write transaction)."""
    if not exists(connection, tables):
        create(connection, tables)
        fill(connection, tables)


def fill(connection, tables):
    words = [term for (term,) in connection.execute(f"SELECT term FROM {tables.spell_vocab}")]
    _insert(connection, tables, words)


def add_words(connection, tables, suggest_rows):
    """Add the words of suggest rows (rowid, w0, v0, w1, v1, …) not seen yet."""
    words = {word for row in suggest_rows for column in row[1::2] for word in (column or "").split()}
    _insert(connection, tables, words)


def _insert(connection, tables, words):
    words = {word for word in words if _spellable(word)}
    seen = set()
    for chunk in chunks(sorted(words), SQL_CHUNK):
        seen.update(word for (word,) in connection.execute(
            f"SELECT word FROM {tables.spelling} WHERE word IN ({placeholders(len(chunk))})", chunk))
    new = sorted(words - seen)
    connection.executemany(f"INSERT INTO {tables.spelling} (word) VALUES (?)", [(word,) for word in new])
    for chunk in chunks(new, SQL_CHUNK):
        rows = connection.execute(
            f"SELECT id, word FROM {tables.spelling} WHERE word IN ({placeholders(len(chunk))})", chunk)
        connection.executemany(f"INSERT INTO {tables.grams} (rowid, word) VALUES (?, ?)",
                               [(word_id, f"^{word}$") for word_id, word in rows])


def _spellable(word):
    return not is_fixed(word) and len(word) <= MAX_WORD_LENGTH and word.isalpha()


class EmbeddedVocabulary(Vocabulary):
    def __init__(self, connection, tables, extra=()):
        super().__init__(extra)
        self.connection = connection
        self.tables = tables

    def counts(self, words):
        found = {}
        for word in words:  # "term = ?" is a seek in fts5vocab; IN (…) would scan it
            row = self.connection.execute(f"SELECT doc FROM {self.tables.spell_vocab} WHERE term = ?",
                                          (word,)).fetchone()
            if row and row[0]:
                found[word] = row[0]
        return found

    def stem_known(self, word):
        return self.connection.execute(f"SELECT 1 FROM {self.tables.vocab} WHERE term = ?",
                                       (analyse_token(word),)).fetchone() is not None

    def neighbours(self, word, limit):
        padded = f"^{word}$"
        grams = {padded[index:index + 3] for index in range(len(padded) - 2)}
        expression = " OR ".join(quoted([gram]) for gram in sorted(grams))
        rows = self.connection.execute(
            f"SELECT s.word FROM {self.tables.grams} AS g JOIN {self.tables.spelling} AS s ON s.id = g.rowid "
            f"WHERE {self.tables.grams} MATCH ? ORDER BY rank LIMIT ?", (expression, limit)).fetchall()
        counts = self.counts(candidate for (candidate,) in rows)
        return [(candidate, counts[candidate]) for (candidate,) in rows if candidate in counts]


def sources(connection, tables, words):
    """Original texts (suggest values) of documents having all ``words`` (folded)."""
    words = [word for word in dict.fromkeys(words) if not is_fixed(word)][:8]
    if not words or not tables.layout.suggest_fields:
        return []
    values = ", ".join(tables.suggest_value_column(name) for name in tables.layout.suggest_fields)
    rows = connection.execute(f"SELECT {values} FROM {tables.suggest} WHERE {tables.suggest} MATCH ? LIMIT ?",
                              (" AND ".join(quoted([word]) for word in words), SOURCES_LIMIT))
    return [value for row in rows for value in row if value]
