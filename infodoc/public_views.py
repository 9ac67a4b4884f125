"""Views behind the public pages: the request form, its thank-you page, territory autocomplete, the Q&A."""
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ressources.listing import paginate

from . import history, notifications, spam, territories
from .forms import DemandeForm, QuestionsFilterForm
from .models import QuestionReponse, QuestionsReponsesPage
from .models.pages import request_page

SESSION_KEY = "infodoc_reference"
UNSENT_KEY = "infodoc_acknowledgement_unsent"
TOO_MANY = 429


def request_form(request, page):
    form = DemandeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if spam.rate_limited(request):
            status = _too_many(form)
        elif form.is_spam():
            spam.take_slot(request)
            form.add_error(None, _("Your request could not be recorded. Leave empty the field that asks to be left "
                                   "empty, then send again."))
        elif form.is_valid():
            if not spam.take_slot(request):  # the last slot went to a concurrent submission
                return _render_form(request, page, form, _too_many(form))
            demande, acknowledged = _record(form, request, page)
            request.session[SESSION_KEY] = demande.reference
            request.session[UNSENT_KEY] = not acknowledged
            return redirect(page.url + page.reverse_subpage("merci"))
        else:
            status = 400
    return _render_form(request, page, form, status)


def _too_many(form):
    form.add_error(None, _("Too many requests were sent from your connection. Please try again in an "
                           "hour, or write to us by e-mail."))
    return TOO_MANY


def _render_form(request, page, form, status):
    context = page.get_context(request)
    context.update(form=form, autocomplete_url=page.url + page.reverse_subpage("territoires_json"),
                   questions_page=QuestionsReponsesPage.objects.live().first())
    return TemplateResponse(request, "infodoc/demande_info_doc_page.html", context, status=status)


def _record(form, request, page):
    with transaction.atomic():
        demande = form.save()
        history.log_action(demande, "wagtail.create")  # the history starts with the public submission
    # A mail server down loses nothing: the request is saved, the thank-you page says the e-mail did not leave.
    acknowledged = notifications.confirm_to_requester(demande, page, request)
    notifications.notify_team(demande, request)
    return demande, acknowledged


def thank_you(request, page):
    """Shows the reference of the request sent from this browser only (kept in its session)."""
    reference = request.session.get(SESSION_KEY)
    if not reference:
        return redirect(page.url)
    context = page.get_context(request)
    context.update(reference=reference, acknowledgement_unsent=request.session.get(UNSENT_KEY, False))
    return TemplateResponse(request, "infodoc/demande_info_doc_merci.html", context)


def territory_suggestions(request):
    text = request.GET.get("q", "")[:100]
    return JsonResponse({"results": territories.suggestions(text)})


def questions_context(request):
    published = QuestionReponse.objects.filter(live=True)
    form = QuestionsFilterForm(request.GET or None, queryset=published)
    items = form.filter(published).prefetch_related("themes")
    return {"form": form, "questions": paginate(request, items, per_page=10), "request_page": request_page()}
