"""Recording a search and the notices opened from it: one statement each, an upsert.

Nothing about the reader is kept: no address, no account, no cookie, no time of day. A search is
counted under its day, its folded text (base_documentaire.text.fold) and its facet filters; the
result links carry the id of that counter (`?from=<id>`), which names a day's aggregate, never a
person. An opening counts only from a search of today or yesterday (an old or shared link does not).
Requests are not atomic (no ATOMIC_REQUESTS), so no savepoint is spent around the statement.
"""
import hashlib
import json
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from base_documentaire.text import fold

from .models import MAX_TEXT, Consultation, Recherche

FROM_PARAMETER = "from"
OPENING_WINDOW = timedelta(days=1)


def search_key(folded, filters):
    """The aggregation key of a search: its folded text and its filters, whatever their order."""
    canonical = json.dumps([folded, filters], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest(), json.dumps(filters, ensure_ascii=False, sort_keys=True)


def _quoted(model):
    return connection.ops.quote_name(model._meta.db_table)


def record_search(text, filters, total, day=None):
    """Count one search; returns the id of its counter."""
    day = day or timezone.localdate()
    display = " ".join(text.split())[:MAX_TEXT]
    folded = fold(display)[:MAX_TEXT]
    key, filters_json = search_key(folded, {name: sorted(values) for name, values in filters.items()})
    table = _quoted(Recherche)
    sql = (f"INSERT INTO {table} (jour, cle, texte_plie, texte, filtres, recherches, sans_resultat, resultats) "
           f"VALUES (%s, %s, %s, %s, %s, 1, %s, %s) ON CONFLICT (jour, cle) DO UPDATE SET "
           f"recherches = {table}.recherches + 1, sans_resultat = {table}.sans_resultat + excluded.sans_resultat, "
           f"resultats = excluded.resultats, texte = excluded.texte RETURNING id")
    params = [connection.ops.adapt_datefield_value(day), key, folded, display, filters_json,
              1 if total == 0 else 0, total]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def search_id(text, filters, day=None):
    """The id of today's counter of this search (for the links of its next pages), or None."""
    folded = fold(" ".join(text.split())[:MAX_TEXT])[:MAX_TEXT]
    key, _filters_json = search_key(folded, {name: sorted(values) for name, values in filters.items()})
    return Recherche.objects.filter(jour=day or timezone.localdate(), cle=key).values_list("pk", flat=True).first()


def record_opening(raw_id, notice_id, today=None):
    """Count a notice opened from the results of the counter `raw_id` (a query parameter: anything
    else than a recent counter's id is ignored). Returns True when counted."""
    if not (isinstance(raw_id, str) and raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 18):
        return False
    oldest = (today or timezone.localdate()) - OPENING_WINDOW
    table, searches = _quoted(Consultation), _quoted(Recherche)
    sql = (f"INSERT INTO {table} (recherche_id, notice_id, ouvertures) "
           f"SELECT id, %s, 1 FROM {searches} WHERE id = %s AND jour >= %s "
           f"ON CONFLICT (recherche_id, notice_id) DO UPDATE SET ouvertures = {table}.ouvertures + 1")
    with connection.cursor() as cursor:
        cursor.execute(sql, [notice_id, int(raw_id), connection.ops.adapt_datefield_value(oldest)])
        return cursor.rowcount > 0
