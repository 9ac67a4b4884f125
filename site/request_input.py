"""Request input read the same way everywhere (import as `crpv_site.request_input`).

Numbers a visitor writes in an address (ids, page numbers) are read as ASCII digits only and must fit
the database's 64-bit integers: `int()` alone accepts "²" or "٣" after `isdigit()` said yes, and a
20-digit id reaches the database (SQLite raises OverflowError, PostgreSQL "bigint out of range").
Control characters are refused in addresses: PostgreSQL refuses NUL in a text parameter and XML 1.0
(RSS, OAI-PMH, exports) refuses the other C0 characters but tab, line feed and carriage return.
"""
import re

MAX_ID = 2**63 - 1  # PostgreSQL bigint and SQLite INTEGER
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def positive_int(raw, maximum=MAX_ID):
    """The whole number written in `raw` (ASCII digits, surrounding spaces allowed) if it lies
    between 1 and `maximum`, else None."""
    text = str(raw).strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if 1 <= value <= maximum else None


def parse_ids(values):
    """(ids, refused): the database ids among `values` (duplicates dropped, order kept), and the
    values that are not one."""
    ids, refused = [], []
    for raw in values:
        value = positive_int(raw)
        if value is None:
            refused.append(str(raw))
        elif value not in ids:
            ids.append(value)
    return ids, refused


def has_control_characters(text):
    return bool(CONTROL_CHARACTERS.search(str(text)))


def without_control_characters(text):
    """The text with the characters XML 1.0 and PostgreSQL refuse removed."""
    return CONTROL_CHARACTERS.sub("", str(text))
