"""Suggestions as the user types: the values of short text fields (FTS5 prefix queries on their
unstemmed words) or of keyword fields (from the snapshot, most frequent first)."""
from search.analysis import unstemmed_words
from search.query_text import quoted


def suggest_text(connection, tables, field, words, limit):
    expression = f"{tables.suggest_column(field)} : (" + " AND ".join(quoted([word]) + "*" for word in words) + ")"
    rows = connection.execute(
        f"SELECT {tables.suggest_value_column(field)} FROM {tables.suggest} WHERE {tables.suggest} MATCH ? "
        f"ORDER BY rank LIMIT ?", (expression, limit * 5))
    return _distinct_values((value for (value,) in rows), limit)


def suggest_keyword(snapshot, field, words, limit):
    counted = sorted(((-bits.bit_count(), value) for value, bits in snapshot.values.get(field, {}).items()))
    matching = (value for _, value in counted if _words_start_with(unstemmed_words(value), words))
    return _distinct_values(matching, limit)


def _distinct_values(values, limit):
    found = []
    for value in values:
        if value and value not in found:
            found.append(value)
            if len(found) == limit:
                break
    return found


def _words_start_with(words, prefixes):
    return all(any(word.startswith(prefix) for word in words) for prefix in prefixes)
