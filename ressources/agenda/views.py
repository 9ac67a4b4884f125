"""Views behind the agenda pages' routes: listing, feeds, event page, registration, exports."""
import csv

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from base_documentaire.models import BaseDocumentairePage
from ressources.listing import paginate
from ressources.pages import first_live

from . import ical, registration
from .feeds import AgendaFeed
from .forms import AgendaFilterForm, InscriptionForm, already_registered_error
from .models import AgendaIndexPage, CyclePage, Inscription, Registration
from .queries import future_events, past_events

PER_PAGE = 12
UPCOMING, PAST = "a_venir", "passes"
REGISTERED_MESSAGES = {Inscription.Statut.CONFIRMEE: "confirmed", Inscription.Statut.ATTENTE: "waiting"}


# Listing and feeds ---------------------------------------------------------------------------------
def filter_form(request, index):
    return AgendaFilterForm(request.GET or None, queryset=index.events())


CARD_IMAGES = ("format-webp|fill-480x270", "format-jpeg|fill-480x270")  # agenda/includes/event_card.html


def in_period(queryset, period, now=None):
    """Upcoming events soonest first, past ones (or every one, for "") most recent first."""
    if period == UPCOMING:
        return future_events(queryset, now)
    if period == PAST:
        return past_events(queryset, now)
    return queryset.order_by("-date_debut", "-pk")


def listing(request, index):
    form = filter_form(request, index)
    period = PAST if request.GET.get("periode") == PAST else UPCOMING
    images = get_image_model().objects.prefetch_renditions(*CARD_IMAGES)  # the cards' WebP and JPEG
    events = in_period(form.filter(index.events()), period).prefetch_related("seances", Prefetch("image", images))
    context = index.get_context(request)
    context.update(form=form, events=paginate(request, events, per_page=PER_PAGE), period=period,
                   selection=form.selection_labels(), chips=form.chips(request.GET),
                   reset_href=index.url + ("?periode=passes" if period == PAST else ""))
    status = 400 if form.is_bound and not form.is_valid() else 200
    return TemplateResponse(request, "agenda/agenda_index_page.html", context, status=status)


def _feed_events(request, index):
    """(form, events) of a feed; the form is invalid when a filter is."""
    form = filter_form(request, index)
    return form, in_period(form.filter(index.events()), request.GET.get("periode", ""))


def _bad_filters(form):
    return HttpResponse(form.error_text(), status=400, content_type="text/plain; charset=utf-8")


def index_rss(request, index):
    form, events = _feed_events(request, index)
    if form.is_bound and not form.is_valid():
        return _bad_filters(form)
    return AgendaFeed(index, form, events)(request)


def index_ical(request, index):
    form, events = _feed_events(request, index)
    if form.is_bound and not form.is_valid():
        return _bad_filters(form)
    selection = form.selection_labels()
    name = f"{index.title} : {', '.join(selection)}" if selection else index.title
    body = ical.calendar(name, events.prefetch_related("seances"), request)
    return _ics_response(body, f"{index.slug}.ics", inline=True)


def event_ical(request, evenement):
    return _ics_response(ical.calendar(evenement.title, [evenement], request), f"{evenement.slug}.ics")


def _ics_response(body, filename, inline=False):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


# Event page and registration -----------------------------------------------------------------------
def event_page(request, evenement, form=None, status=200):
    closed = evenement.registration_closed_reason()
    if form is None and evenement.inscription == Registration.FORM and not closed:
        form = InscriptionForm(evenement=evenement)
    context = evenement.get_context(request)
    context.update(
        index=AgendaIndexPage.objects.ancestor_of(evenement).last(),
        cycle=CyclePage.objects.ancestor_of(evenement).first(),
        seances=evenement.sorted_seances(),
        form=form, closed_reason=closed,
        registered=REGISTERED_MESSAGES.get(request.GET.get("inscription"), ""),
        mail_failed=request.GET.get("courriel") == "echec",
        can_export=_can_edit(request.user, evenement),
        publications=[link.publication for link in evenement.publications.select_related("publication")
                      if link.publication.live],
        notices=_notice_links(evenement, request),
    )
    return TemplateResponse(request, "agenda/evenement_page.html", context, status=status)


def _notice_links(evenement, request):
    """(notice, url) of the event's published notices, when the documentary page exists."""
    notices = list(evenement.notices.filter(live=True).order_by("-annee", "titre"))
    page = first_live(BaseDocumentairePage) if notices else None
    return [(notice, page.notice_url(notice, request)) for notice in notices] if page else []


def register(request, evenement):
    if request.method != "POST":
        return HttpResponseRedirect(evenement.url + "#inscription")
    form = InscriptionForm(request.POST, evenement=evenement)
    closed = evenement.registration_closed_reason()
    if closed:
        form.is_valid()  # keep what was typed, shown with the reason
        form.add_error(None, closed)
        return event_page(request, evenement, form, status=400)
    if not form.is_valid():
        return event_page(request, evenement, form, status=400)
    try:
        inscription = registration.register(evenement, form.save(commit=False))
    except registration.EventFull:
        form.add_error(None, _("This event is full: no place is left."))
        return event_page(request, evenement, form, status=400)
    except registration.AlreadyRegistered:
        form.add_error("email", already_registered_error())
        return event_page(request, evenement, form, status=400)
    sent = registration.send_confirmation(inscription)
    query = f"?inscription={inscription.statut}" + ("" if sent else "&courriel=echec")
    return HttpResponseRedirect(evenement.url + query + "#inscription")


# Registrants export --------------------------------------------------------------------------------
CSV_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _can_edit(user, evenement):
    return user.is_authenticated and evenement.permissions_for_user(user).can_edit()


def registrants_csv(request, evenement):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
    if not _can_edit(request.user, evenement):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscrits-{evenement.slug}.csv"'
    response.write("\ufeff")  # byte order mark: spreadsheets then read UTF-8
    writer = csv.writer(response)
    writer.writerow([_("Last name"), _("First name"), _("Organisation"), _("E-mail"), _("Status"),
                     _("Registered on")])
    for item in evenement.inscriptions.order_by("created", "pk"):
        writer.writerow([_cell(item.nom), _cell(item.prenom), _cell(item.organisation), _cell(item.email),
                         item.get_statut_display(), timezone.localtime(item.created).strftime("%d/%m/%Y %H:%M")])
    return response


def _cell(value):
    """Text that a spreadsheet will not run as a formula."""
    return f"'{value}" if value.startswith(CSV_DANGEROUS) else value
