"""Finding the notices a notice looks like, and flagging the pairs for the moderator.

Rules (each one a reason of the pair):
- same ISBN, normalised (ISBN-10 and ISBN-13 of the same book are equal), whoever catalogued it;
- same external identifier, from another contributeur (the same contributeur's identifier is the
  same notice: a re-import updates it);
- near-identical title (``keys.title_key``: case, accents, punctuation, articles ignored) with the
  same year, from another contributeur: same key, or same start (the stored ``titre_debut``: the
  first ``PREFIX_LENGTH`` characters of the key, plurals ignored) and the same numbers, and then
  either a short key (all in its start: the same words but for plurals, "L'ecole dans les
  quartier" / "L'école dans les quartiers") or a similarity of at least ``SIMILARITY`` (difflib
  ratio of the keys: a typo or two in a long title, not an added subtitle). Titles differing by
  a number ("Rapport 2021" / "Rapport 2022") are never flagged.

One query finds every candidate through equality on indexed columns (``isbn_cle``,
``external_id``, ``(annee, titre_debut)``); the table is never read in Python. Detection never
breaks a save: it runs in its own savepoint and a failure is logged. An import flags a batch of
notices at once (``flag_many``: a few queries for the batch, the result of one ``flag`` per row).
"""
import logging
import threading
from collections import defaultdict
from contextlib import contextmanager
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from .keys import TITLE_START_LENGTH, isbn_key, singular_key, title_key, title_numbers, title_start
from .models import Doublon, Motif

logger = logging.getLogger(__name__)

PREFIX_LENGTH = TITLE_START_LENGTH
SIMILARITY = 0.9
MAX_CANDIDATES = 50
# Saves that only touch Wagtail's bookkeeping (revision pointers, locks, publication dates)
# change nothing detection looks at.
RELEVANT_FIELDS = {"titre", "isbn", "annee", "external_id", "contributeur", "has_unpublished_changes", "live"}


def _other_contributeur(contributeur_id):
    return Q(contributeur__isnull=False) if contributeur_id is None else ~Q(contributeur_id=contributeur_id)


def similar_titles(first, second):
    if first == second:
        return True
    if title_start(first) != title_start(second) or title_numbers(first) != title_numbers(second):
        return False
    if min(len(first), len(second)) < PREFIX_LENGTH:  # short: the same words but for plurals
        return singular_key(first) == singular_key(second)
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    # cheap upper bounds first: most titles sharing a beginning differ in length or letters
    return (matcher.real_quick_ratio() >= SIMILARITY and matcher.quick_ratio() >= SIMILARITY
            and matcher.ratio() >= SIMILARITY)


def candidates_query(notice, hidden=()):
    """The one query of the candidates (indexed lookups only), or None when nothing can match.
    ``hidden``: notices never to return (those an import writes after this one)."""
    from base_documentaire.models import Notice

    isbn, key = isbn_key(notice.isbn), title_key(notice.titre)
    external_id, year, contributeur_id = notice.external_id, notice.annee, notice.contributeur_id
    other = _other_contributeur(contributeur_id)
    lookups = Q()
    if isbn:
        lookups |= Q(isbn_cle=isbn)
    if external_id:
        lookups |= Q(external_id=external_id) & other
    if year and key:  # equality on the indexed (annee, titre_debut): same beginning, or same short key
        lookups |= Q(annee=year, titre_debut=title_start(key)) & other
    if not lookups:
        return None
    # Exact matches first, so that many titles sharing a beginning never hide them behind the limit.
    exact = Q(titre_cle=key) | Q(isbn_cle=isbn) if isbn else Q(titre_cle=key)
    if external_id:
        exact |= Q(external_id=external_id)
    first = Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())
    excluded = Q(pk__in=[notice.pk, *hidden]) if hidden else Q(pk=notice.pk)
    return (Notice.objects.filter(lookups).exclude(excluded).order_by(first, "pk")
            .values_list("pk", "isbn_cle", "external_id", "contributeur_id", "annee", "titre_cle")[:MAX_CANDIDATES])


_QUERY = object()


def find_candidates(notice, hidden=(), rows=_QUERY):
    """{candidate pk: [reasons]} for this notice (saved or not), from its current values.
    ``rows``: the candidates already read (``batch_candidates``), instead of the query."""
    rows = candidates_query(notice, hidden) if rows is _QUERY else rows
    if rows is None:
        return {}
    isbn, key = isbn_key(notice.isbn), title_key(notice.titre)
    external_id, year, contributeur_id = notice.external_id, notice.annee, notice.contributeur_id
    found = {}
    for pk, row_isbn, row_external_id, row_contributeur, row_year, row_key in rows:
        reasons = []
        another = row_contributeur != contributeur_id
        if isbn and row_isbn == isbn:
            reasons.append(Motif.ISBN.value)
        if external_id and row_external_id == external_id and another:
            reasons.append(Motif.IDENTIFIANT.value)
        if year and key and row_year == year and another and similar_titles(key, row_key):
            reasons.append(Motif.TITRE_ANNEE.value)
        if reasons:
            found[pk] = reasons
    return found


def flag(notice):
    """Record the pairs this notice forms now (pairs already decided are never flagged again;
    pending pairs that no longer match are dropped); returns the pending pairs of the notice."""
    if notice.pk is None:
        return []
    found = find_candidates(notice)
    pairs = {Doublon.ordered(notice.pk, pk): (pk, reasons) for pk, reasons in found.items()}
    involving = Q(notice_numero=notice.pk) | Q(candidat_numero=notice.pk)
    existing = {(pair.notice_numero, pair.candidat_numero): pair for pair in Doublon.objects.filter(involving)}
    stale = [pair.pk for numbers, pair in existing.items()
             if numbers not in pairs and pair.statut == Doublon.Statut.A_TRAITER]
    if stale:
        Doublon.objects.filter(pk__in=stale).delete()
    pending, new = [], []
    for numbers, (pk, reasons) in pairs.items():
        motifs = ",".join(reasons)
        pair = existing.get(numbers)
        if pair is None:
            new.append(Doublon(notice_id=numbers[0], candidat_id=numbers[1], notice_numero=numbers[0],
                               candidat_numero=numbers[1], motifs=motifs))
        elif pair.statut == Doublon.Statut.A_TRAITER:
            if pair.motifs != motifs:
                Doublon.objects.filter(pk=pair.pk).update(motifs=motifs)
                pair.motifs = motifs
            pending.append(pair)
    if new:
        Doublon.objects.bulk_create(new, ignore_conflicts=True)
        pending.extend(new)
    return sorted(pending, key=lambda pair: pair.other_number(notice.pk))


YEARS_PER_QUERY = 100  # OR terms of one batch query (SQLite limits the depth of an expression)
ROW_FIELDS = ("pk", "isbn_cle", "external_id", "contributeur_id", "annee", "titre_cle", "titre_debut")


class CandidateRows:
    """The rows a batch's query read, found by what a notice compares: ISBN, identifier, (year, title start)."""

    def __init__(self, rows=()):
        self.by_isbn, self.by_external_id, self.by_title = defaultdict(list), defaultdict(list), defaultdict(list)
        for row in rows:
            self.add(row)

    def add(self, row):
        _pk, isbn, external_id, _contributeur, year, _key, start = row
        if isbn:
            self.by_isbn[isbn].append(row)
        if external_id:
            self.by_external_id[external_id].append(row)
        if year and start:
            self.by_title[(year, start)].append(row)

    def of(self, isbn, external_id, year, start):
        rows = {}
        for group in (self.by_isbn.get(isbn, ()), self.by_external_id.get(external_id, ()),
                      self.by_title.get((year, start), ())):
            rows.update((row[0], row) for row in group)
        return rows.values()


def batch_candidates(notices, hidden):
    """``candidates_query`` of many notices in a few queries: the rows each query would return
    (same filters, order and limit), as {index: rows}; ``hidden``: {index: pks never to return}.
    The queries read a superset (ISBNs, identifiers, title starts of each year: a few terms
    whatever the batch's size, where one term per notice made building the query the cost);
    each notice's rows are then picked as its own query would."""
    keys = {index: (isbn_key(notice.isbn), title_key(notice.titre)) for index, notice in notices.items()}
    isbns = sorted({isbn for isbn, _key in keys.values() if isbn})
    external_ids = sorted({notice.external_id for notice in notices.values() if notice.external_id})
    starts_by_year = defaultdict(set)
    for index, notice in notices.items():
        if notice.annee and keys[index][1]:
            starts_by_year[notice.annee].add(title_start(keys[index][1]))
    contributeurs = {notice.contributeur_id for notice in notices.values()}
    # An import's batch has one contributeur: its own notices are never candidates but by ISBN.
    others = _other_contributeur(contributeurs.pop()) if len(contributeurs) == 1 else Q()
    lookups = [Q(isbn_cle__in=isbns)] if isbns else []
    if external_ids:
        lookups.append(Q(external_id__in=external_ids) & others)
    lookups += [Q(annee=year, titre_debut__in=sorted(starts)) & others
                for year, starts in sorted(starts_by_year.items())]
    rows = CandidateRows()
    for start in range(0, len(lookups), YEARS_PER_QUERY):
        for row in _candidate_rows(lookups[start:start + YEARS_PER_QUERY]):
            rows.add(row)
    return {index: _rows_of(notice, keys[index], hidden.get(index, ()), rows)
            for index, notice in notices.items()}


def _candidate_rows(lookups):
    from base_documentaire.models import Notice

    combined = Q()
    for lookup in lookups:
        combined |= lookup
    return Notice.objects.filter(combined).values_list(*ROW_FIELDS)


def _rows_of(notice, keys, hidden, rows):
    """The rows ``candidates_query(notice, hidden)`` returns, picked from the batch's rows."""
    isbn, key = keys
    external_id, year, contributeur_id = notice.external_id, notice.annee, notice.contributeur_id
    start = title_start(key)

    def other(row_contributeur):  # as _other_contributeur() in SQL
        return row_contributeur is not None if contributeur_id is None else row_contributeur != contributeur_id

    if not (isbn or external_id or (year and key)):
        return None
    matched = []
    for pk, row_isbn, row_external_id, row_contributeur, row_year, row_key, row_start in rows.of(
            isbn, external_id, year, start):
        if pk == notice.pk or pk in hidden:
            continue
        if not ((isbn and row_isbn == isbn)
                or (external_id and row_external_id == external_id and other(row_contributeur))
                or (year and key and row_year == year and row_start == start and other(row_contributeur))):
            continue
        exact = row_key == key or (isbn and row_isbn == isbn) or (external_id and row_external_id == external_id)
        matched.append((0 if exact else 1, pk, (pk, row_isbn, row_external_id, row_contributeur, row_year, row_key)))
    matched.sort(key=lambda item: item[:2])
    return [row for _exact, _pk, row in matched[:MAX_CANDIDATES]]


def flag_many(entries):
    """``flag`` for the notices of an import's batch, [(notice, created)] in the order they were
    written, with the pairs read once and written once: each notice is compared as ``flag`` would
    have compared it right after it was written (the notices created after it are hidden from
    it), and the pairs end as the successive ``flag`` calls would leave them. Returns each
    entry's pending pairs, as ``flag`` returns them."""
    positions = [index for index, (notice, _created) in enumerate(entries) if notice.pk is not None]
    result = [[] for _entry in entries]
    if not positions:
        return result
    hidden_after, created_later = {}, set()
    for index in reversed(positions):
        notice, created = entries[index]
        hidden_after[index] = frozenset(created_later)
        if created:
            created_later.add(notice.pk)
    rows = batch_candidates({index: entries[index][0] for index in positions}, hidden_after)
    found = {index: find_candidates(entries[index][0], rows=rows[index]) for index in positions}
    pks = {entries[index][0].pk for index in positions}
    state = {(pair.notice_numero, pair.candidat_numero): pair for pair in Doublon.objects.filter(
        Q(notice_numero__in=pks) | Q(candidat_numero__in=pks))}
    by_number = defaultdict(set)
    for numbers in state:
        for number in numbers:
            by_number[number].add(numbers)
    deleted, changed = set(), {}
    for index in positions:
        pk = entries[index][0].pk
        wanted = {Doublon.ordered(pk, other): ",".join(reasons) for other, reasons in found[index].items()}
        for numbers in list(by_number[pk]):
            pair = state[numbers]
            if numbers not in wanted and pair.statut == Doublon.Statut.A_TRAITER:  # stale
                del state[numbers]
                for number in numbers:
                    by_number[number].discard(numbers)
                if pair.pk:
                    deleted.add(pair.pk)
                    changed.pop(pair.pk, None)
        pending = []
        for numbers, motifs in wanted.items():
            pair = state.get(numbers)
            if pair is None:
                pair = state[numbers] = Doublon(notice_id=numbers[0], candidat_id=numbers[1], notice_numero=numbers[0],
                                             candidat_numero=numbers[1], motifs=motifs)
                for number in numbers:
                    by_number[number].add(numbers)
            elif pair.statut != Doublon.Statut.A_TRAITER:
                continue  # decided: never flagged again
            elif pair.motifs != motifs:
                pair.motifs = motifs
                if pair.pk:
                    changed[pair.pk] = motifs
            pending.append(pair)
        result[index] = sorted(pending, key=lambda pair, pk=pk: pair.other_number(pk))
    if deleted:
        Doublon.objects.filter(pk__in=deleted).delete()
    by_motifs = defaultdict(list)  # one update per set of reasons, not per pair
    for pair_pk, motifs in changed.items():
        by_motifs[motifs].append(pair_pk)
    for motifs, pair_pks in by_motifs.items():
        Doublon.objects.filter(pk__in=pair_pks).update(motifs=motifs)
    new = [pair for pair in state.values() if pair.pk is None]
    if new:
        Doublon.objects.bulk_create(new, ignore_conflicts=True)
    return result


class _Paused(threading.local):
    depth = 0


_paused = _Paused()


@contextmanager
def paused():
    """Detection on save is skipped inside this block (an import runs it itself, once a row)."""
    _paused.depth += 1
    try:
        yield
    finally:
        _paused.depth -= 1


def flag_safely(notice):
    """``flag`` in a savepoint; a failure is logged and rolled back, never raised."""
    try:
        with transaction.atomic():
            return flag(notice)
    except Exception:
        logger.exception("Duplicate detection failed for notice %s", notice.pk)
        return []


def after_save(notice, update_fields=None):
    """The post_save hook: every save path (admin, import, API) flags look-alikes."""
    if _paused.depth or (update_fields is not None and not RELEVANT_FIELDS & set(update_fields)):
        return []
    return flag_safely(notice)


def import_warnings_many(entries):
    """The import report's lines for an import's batch, [(notice, created)] in the order they were
    written (see ``flag_many``): one list of lines per entry, for the rows that look like existing
    notices (the rows are kept). A failure is logged and rolled back."""
    try:
        with transaction.atomic():
            pairs = flag_many(entries)
    except Exception:  # detection never breaks an import (as flag_safely)
        logger.exception("Duplicate detection failed for %d notices", len(entries))
        return [[] for _entry in entries]
    return [_warnings(notice, found) for (notice, _created), found in zip(entries, pairs)]


def _warnings(notice, pairs):
    if not pairs:
        return []
    numbers = ", ".join(str(pair.other_number(notice.pk)) for pair in pairs)
    return [_("Possible duplicate of notice no. %(numbers)s.") % {"numbers": numbers}]


def pending_pairs(notice_ids):
    """{notice pk: [pending pairs]} for these notices (one query)."""
    notice_ids = list(notice_ids)
    result = {pk: [] for pk in notice_ids}
    if not notice_ids:
        return result
    pairs = Doublon.objects.filter(Q(notice_id__in=notice_ids) | Q(candidat_id__in=notice_ids),
                                   statut=Doublon.Statut.A_TRAITER).order_by("pk")
    for pair in pairs:
        for pk in (pair.notice_id, pair.candidat_id):
            if pk in result:
                result[pk].append(pair)
    return result
