"""Finding the notices a notice looks like, and flagging the pairs for the moderator.

Rules (each one a reason of the pair):
- same ISBN, normalised (ISBN-10 and ISBN-13 of the same book are equal), whoever catalogued it;
- same external identifier, from another contributeur (the same contributeur's identifier is the
  same notice: a re-import updates it);
- near-identical title (``keys.title_key``: case, accents, punctuation, articles ignored) with the
  same year, from another contributeur: same key, or same first ``PREFIX_LENGTH`` characters (the
  stored ``titre_debut``) and a similarity of at least ``SIMILARITY`` (difflib ratio of the keys:
  a typo or two in a long title, not an added subtitle).

One query finds every candidate through equality on indexed columns (``isbn_cle``,
``external_id``, ``(annee, titre_debut)``); the table is never read in Python. Detection never
breaks a save: it runs in its own savepoint and a failure is logged.
"""
import logging
import threading
from contextlib import contextmanager
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from .keys import TITLE_START_LENGTH, isbn_key, title_key, title_start
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
    if len(first) < PREFIX_LENGTH or first[:PREFIX_LENGTH] != second[:PREFIX_LENGTH]:
        return False
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    # cheap upper bounds first: most titles sharing a beginning differ in length or letters
    return (matcher.real_quick_ratio() >= SIMILARITY and matcher.quick_ratio() >= SIMILARITY
            and matcher.ratio() >= SIMILARITY)


def candidates_query(notice):
    """The one query of the candidates (indexed lookups only), or None when nothing can match."""
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
    return (Notice.objects.filter(lookups).exclude(pk=notice.pk).order_by(first, "pk")
            .values_list("pk", "isbn_cle", "external_id", "contributeur_id", "annee", "titre_cle")[:MAX_CANDIDATES])


def find_candidates(notice):
    """{candidate pk: [reasons]} for this notice (saved or not), from its current values."""
    rows = candidates_query(notice)
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


def import_warnings(notice):
    """The import report's line for a row that looks like existing notices (the row is kept)."""
    pairs = flag_safely(notice)
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
