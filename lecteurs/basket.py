"""The basket: notices a visitor puts aside to read or export later.

An anonymous visitor's basket lives in the session (a list of notice ids); a reader's in the database (their
current Panier), so it is kept across visits. On login the session's basket is merged into the reader's
(signals.py). Only published notices can be added; a notice unpublished since stays in the database but is
neither shown nor exported.
"""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from crpv_site.request_input import positive_int

from base_documentaire.models import Notice

from .access import is_reader
from .models import MAX_BASKET_NOTICES, MAX_SAVED_BASKETS, Panier, PanierNotice

SESSION_KEY = "lecteurs_panier"
_CACHE = "_lecteurs_basket_ids"


class BasketError(ValueError):
    """A basket change refused, with its French message."""


def reader_of(request):
    """The request's reader, or None (anonymous visitors and team accounts keep their basket in the session)."""
    if not hasattr(request, "_lecteurs_reader"):
        request._lecteurs_reader = request.user if is_reader(request.user) else None
    return request._lecteurs_reader


def current_basket(user, create=False):
    basket = Panier.objects.filter(lecteur=user, courant=True).first()
    if basket is None and create:
        try:
            with transaction.atomic():
                basket = Panier.objects.create(lecteur=user, courant=True)
        except IntegrityError:  # created meanwhile by a concurrent request
            basket = Panier.objects.get(lecteur=user, courant=True)
    return basket


def ids(request):
    """The ids of the published notices in the current basket, in the order they were added (one query at
    most per request; none for a visitor with an empty basket)."""
    if not hasattr(request, _CACHE):
        reader = reader_of(request)
        if reader is None:
            kept = [pk for pk in request.session.get(SESSION_KEY, []) if isinstance(pk, int)]
            live = set(Notice.objects.filter(pk__in=kept, live=True).values_list("pk", flat=True)) if kept else set()
            found = [pk for pk in kept if pk in live]
        else:
            found = list(PanierNotice.objects.filter(panier__lecteur=reader, panier__courant=True, notice__live=True)
                         .values_list("notice_id", flat=True))
        setattr(request, _CACHE, found)
    return getattr(request, _CACHE)


def unavailable_count(request):
    """How many notices of the current basket are no longer published (kept, never shown)."""
    reader = reader_of(request)
    if reader is None:
        return len([pk for pk in request.session.get(SESSION_KEY, []) if isinstance(pk, int)]) - len(ids(request))
    return PanierNotice.objects.filter(panier__lecteur=reader, panier__courant=True, notice__live=False).count()


def _forget(request):
    if hasattr(request, _CACHE):
        delattr(request, _CACHE)


def published_notice(pk):
    pk = positive_int(pk)  # "²" passes isdigit() but is no number: a 500 before
    notice = Notice.objects.filter(pk=pk, live=True).only("pk", "titre").first() if pk else None
    if notice is None:
        raise BasketError(_("This notice does not exist or is no longer published."))
    return notice


def add(request, notice):
    """Put a published notice in the current basket; returns False if it was already there."""
    current = ids(request)
    if notice.pk in current:
        return False
    if len(current) >= MAX_BASKET_NOTICES:
        raise BasketError(_("The basket is full (%(max)s notices at most): export or empty it first.")
                          % {"max": MAX_BASKET_NOTICES})
    reader = reader_of(request)
    if reader is None:
        request.session[SESSION_KEY] = current + [notice.pk]
    else:
        PanierNotice.objects.get_or_create(panier=current_basket(reader, create=True), notice=notice)
    _forget(request)
    return True


def remove(request, notice_id):
    reader = reader_of(request)
    if reader is None:
        request.session[SESSION_KEY] = [pk for pk in ids(request) if pk != notice_id]
    else:
        PanierNotice.objects.filter(panier__lecteur=reader, panier__courant=True, notice_id=notice_id).delete()
    _forget(request)


def empty(request):
    reader = reader_of(request)
    if reader is None:
        request.session.pop(SESSION_KEY, None)
    else:
        PanierNotice.objects.filter(panier__lecteur=reader, panier__courant=True).delete()
    _forget(request)


def add_many(request, notice_ids):
    """Add several notices (a saved basket taken back); returns how many were added."""
    added = 0
    for notice in Notice.objects.filter(pk__in=notice_ids, live=True).only("pk"):
        added += add(request, notice)
    return added


def live_notices(notice_ids):
    """(published notices in the given order, how many of the ids are no longer published)."""
    found = Notice.objects.filter(pk__in=notice_ids, live=True).select_related("contributeur").in_bulk()
    ordered = [found[pk] for pk in notice_ids if pk in found]
    return ordered, len(notice_ids) - len(ordered)


def merge_into_account(session, user):
    """On login: the session's basket joins the reader's current basket (nothing already there is lost)."""
    pending = [pk for pk in session.pop(SESSION_KEY, []) if isinstance(pk, int)]
    if not pending:
        return 0
    basket = current_basket(user, create=True)
    kept = set(basket.lignes.values_list("notice_id", flat=True))
    room = MAX_BASKET_NOTICES - len(kept)
    new = [pk for pk in dict.fromkeys(pending) if pk not in kept]
    live = set(Notice.objects.filter(pk__in=new, live=True).values_list("pk", flat=True))
    lines = [PanierNotice(panier=basket, notice_id=pk) for pk in new if pk in live][:max(room, 0)]
    PanierNotice.objects.bulk_create(lines, ignore_conflicts=True)
    return len(lines)


def save_as(user, name, notice_ids):
    """Keep the current basket's notices under a name (the current basket stays as it is)."""
    if not notice_ids:
        raise BasketError(_("Your basket is empty: there is nothing to save."))
    if Panier.objects.filter(lecteur=user, courant=False).count() >= MAX_SAVED_BASKETS:
        raise BasketError(_("You already have %(max)s saved baskets: delete one first.") % {"max": MAX_SAVED_BASKETS})
    if Panier.objects.filter(lecteur=user, courant=False, nom=name).exists():
        raise BasketError(_("You already have a basket with this name."))
    with transaction.atomic():
        saved = Panier.objects.create(lecteur=user, nom=name)
        PanierNotice.objects.bulk_create([PanierNotice(panier=saved, notice_id=pk) for pk in notice_ids])
    return saved
