"""The bulletin subscriptions' public pages: the request (a route of the archive page, posted by the form
of the archive and of each bulletin), the confirmation page (its button confirms: a GET never does) and
the unsubscribe page, whose URL also takes the RFC 8058 one-click POST without login or CSRF token."""
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from veille import optin
from veille.forms import AddressForm

from . import subscription


def subscribe(request, archive):
    """POST of the form (GET shows it alone): the archive page route `abonnement/`."""
    address, verified = optin.account_address(request.user)
    form = AddressForm(request.POST if request.method == "POST" else None, account_email=address)
    context = {"archive": archive, "form": form, "account_email": address}
    if request.method != "POST" or not form.is_valid():
        return optin.render(request, "veille/bulletins/subscribe.html", context,
                            400 if request.method == "POST" else 200)
    if not optin.take_slot(request, "bulletin"):
        return optin.render(request, "veille/bulletins/subscribe.html", {**context, "too_many": True}, 429)
    try:
        done = subscription.subscribe(archive, form.cleaned_data["email"],
                                      user=request.user if address else None, verified=verified)
    except optin.MailFailed:
        return optin.render(request, "veille/bulletins/subscribed.html", {**context, "mail_failed": True}, 503)
    return optin.render(request, "veille/bulletins/subscribed.html", {
        **context, "email": optin.normalise_email(form.cleaned_data["email"]),
        "active": verified and (done.confirmed_now or done.already), "already": verified and done.already})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    abonnement = subscription.pending_confirmation(token)
    if abonnement is None:
        return _invalid_link(request)
    already, confirmed = optin.confirm_on_post(request, abonnement)
    return optin.render(request, "veille/bulletins/confirm.html", {
        "abonnement": abonnement, "archive": abonnement.archive, "already": already, "confirmed": confirmed})


@csrf_exempt  # RFC 8058 one-click: the mailbox provider POSTs without any token; nothing else is exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        subscription.unsubscribe(token)  # same answer whether the subscription still existed or not
        return optin.render(request, "veille/bulletins/unsubscribe.html", {"done": True})
    abonnement = subscription.by_token(token)
    return optin.render(request, "veille/bulletins/unsubscribe.html", {"abonnement": abonnement})


def _invalid_link(request):
    return optin.render(request, "veille/bulletins/invalid_link.html", {}, 404)
