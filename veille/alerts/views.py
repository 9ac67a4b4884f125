"""The alerts' public pages. A GET never changes anything (mail scanners follow links): confirming,
changing and unsubscribing are POSTs, from a button on the page the link opens. The one-click
unsubscribe URL of the digests' List-Unsubscribe header takes a POST without login or CSRF token
(RFC 8058)."""
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from base_documentaire import search_service
from base_documentaire.addresses import documentary_page
from veille import optin

from . import subscription
from .forms import FrequencyForm, SubscribeForm
from .searches import SavedSearch


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """GET: the form for the search in the query string (the results page posts it directly); POST: the request."""
    params = request.POST if request.method == "POST" else request.GET
    address, verified = subscription.account_address(request.user)
    form = SubscribeForm(request.POST or None, account_email=address)
    try:
        search = SavedSearch.from_params(params)
    except search_service.InvalidSearch as invalid:
        return _render(request, "veille/alerts/subscribe.html", {"form": form, "search_errors": invalid.errors}, 400)
    context = {"form": form, "search": search, "search_request": search.search_request(1),
               "results_url": _results_url(search), "account_email": address}
    if request.method == "GET" or not form.is_valid():
        return _render(request, "veille/alerts/subscribe.html", context, 200 if request.method == "GET" else 400)
    if not optin.take_slot(request):
        return _render(request, "veille/alerts/subscribe.html", {**context, "too_many": True}, 429)
    try:
        done = subscription.subscribe(search, form.cleaned_data["email"], form.cleaned_data["frequence"],
                                      user=request.user if address else None, verified=verified)
    except subscription.MailFailed:
        return _render(request, "veille/alerts/subscribed.html", {**context, "mail_failed": True}, 503)
    return _render(request, "veille/alerts/subscribed.html", {
        **context, "email": subscription.normalise_email(form.cleaned_data["email"]),
        "active": done.confirmed_now, "manage_url": subscription.manage_url(done.alert) if done.confirmed_now else ""})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    alert = subscription.pending_confirmation(token)
    if alert is None:
        return _invalid_link(request)
    already, confirmed = optin.confirm_on_post(request, alert)
    context = {"alert": alert, "search": _search(alert), "already": already, "confirmed": confirmed,
               "manage_url": subscription.manage_url(alert)}
    return _render(request, "veille/alerts/confirm.html", context)


@require_http_methods(["GET", "POST"])
def manage(request, token):
    alert = subscription.by_token(token)
    if alert is None:
        return _invalid_link(request)
    form = FrequencyForm(request.POST or None, initial={"frequence": alert.frequence})
    saved = request.method == "POST" and form.is_valid()
    if saved:
        alert.frequence = form.cleaned_data["frequence"]
        alert.save(update_fields=["frequence"])
    context = {"alert": alert, "search": _search(alert), "form": form, "saved": saved,
               "results_url": _results_url(_search(alert))}
    return _render(request, "veille/alerts/manage.html", context, 400 if request.method == "POST" and not saved else 200)


@csrf_exempt  # RFC 8058 one-click: the mailbox provider POSTs without any token; nothing else is exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        subscription.unsubscribe(token)  # same answer whether the alert still existed or not
        return _render(request, "veille/alerts/unsubscribe.html", {"done": True})
    alert = subscription.by_token(token)
    return _render(request, "veille/alerts/unsubscribe.html", {"alert": alert, "search": _search(alert)})


def _search(alert):
    if alert is None:
        return None
    try:
        return SavedSearch.from_query_string(alert.recherche)
    except search_service.InvalidSearch:
        return SavedSearch()


def _results_url(search):
    page = documentary_page()
    return f"{page.url}?{search.results_query_string()}" if page and search is not None else ""


def _invalid_link(request):
    return _render(request, "veille/alerts/invalid_link.html", {}, 404)


_render = optin.render
