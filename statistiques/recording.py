"""Recording a search and the notices opened from it: one upsert each, written once the response has
been sent (crpv_site.after_response), so that the reader never waits for it.

Nothing about the reader is kept: no address, no account, no cookie, no time of day. A search is
counted under its day, its folded text (base_documentaire.text.fold) and its facet filters; its key
(KEY_LENGTH hexadecimal digits of a SHA-256 of the folded text and the filters, computed without the
database) is what the result links carry (`?from=<key>`): it names every search of the same words and
filters, never a person. An opening counts only from a search of today or yesterday.
"""
import hashlib
import json
import re
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from base_documentaire.text import fold

from .models import MAX_TEXT, Consultation, Recherche

FROM_PARAMETER = "from"
KEY_LENGTH = 16
OPENING_WINDOW = timedelta(days=1)
_KEY = re.compile(rf"[0-9a-f]{{{KEY_LENGTH}}}")


def display_and_folded(text):
    display = " ".join(text.split())[:MAX_TEXT]
    return display, fold(display)[:MAX_TEXT]


def search_key(folded, filters):
    """The aggregation key of a search and its filters as stored (JSON), whatever the filters' order."""
    filters = {name: sorted(values) for name, values in sorted(filters.items())}
    canonical = json.dumps([folded, filters], ensure_ascii=False, sort_keys=True)
    return (hashlib.sha256(canonical.encode()).hexdigest()[:KEY_LENGTH],
            json.dumps(filters, ensure_ascii=False, sort_keys=True))


def key_of(text, filters):
    """The key the result links of this search carry (no database)."""
    return search_key(display_and_folded(text)[1], filters)[0]


def _quoted(model):
    return connection.ops.quote_name(model._meta.db_table)


def record_search(text, filters, total, day=None):
    """Count one search (one statement)."""
    display, folded = display_and_folded(text)
    key, filters_json = search_key(folded, filters)
    table = _quoted(Recherche)
    sql = (f"INSERT INTO {table} (jour, cle, texte_plie, texte, filtres, recherches, sans_resultat, resultats) "
           f"VALUES (%s, %s, %s, %s, %s, 1, %s, %s) ON CONFLICT (jour, cle) DO UPDATE SET "
           f"recherches = {table}.recherches + 1, sans_resultat = {table}.sans_resultat + excluded.sans_resultat, "
           f"resultats = excluded.resultats, texte = excluded.texte")
    params = [connection.ops.adapt_datefield_value(day or timezone.localdate()), key, folded, display,
              filters_json, 1 if total == 0 else 0, total]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def valid_key(value):
    return isinstance(value, str) and bool(_KEY.fullmatch(value))


def record_opening(key, notice_id, today=None):
    """Count a notice opened from the results of the search of this key, searched today or yesterday
    (one statement; anything else than such a key counts nothing). Returns True when counted."""
    if not valid_key(key):
        return False
    oldest = (today or timezone.localdate()) - OPENING_WINDOW
    table, searches = _quoted(Consultation), _quoted(Recherche)
    sql = (f"INSERT INTO {table} (recherche_id, notice_id, ouvertures) "
           f"SELECT id, %s, 1 FROM {searches} WHERE cle = %s AND jour >= %s ORDER BY jour DESC LIMIT 1 "
           f"ON CONFLICT (recherche_id, notice_id) DO UPDATE SET ouvertures = {table}.ouvertures + 1")
    with connection.cursor() as cursor:
        cursor.execute(sql, [notice_id, key, connection.ops.adapt_datefield_value(oldest)])
        return cursor.rowcount > 0
