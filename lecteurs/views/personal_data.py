"""RGPD: download one's data (JSON), delete one's account (password asked, POST only)."""
import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import rgpd
from ..access import reader_required
from ..forms import DeleteAccountForm


@require_GET
@reader_required
def export(request):
    data = json.dumps(rgpd.export_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{timezone.localdate():%Y-%m-%d}.json"'
    return response


@require_http_methods(["GET", "POST"])
@reader_required
def delete_account(request):
    user = request.user
    emails = rgpd.verified_emails(user)
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST":
        # Wrong passwords count against allauth's "reauthenticate" limit (10 a minute per account).
        if not ratelimit.consume(request, action="reauthenticate", user=user):
            form = DeleteAccountForm(user)
            messages.error(request, _("Too many attempts: try again in a minute."))
            return _page(request, form, emails, status=429)
        if form.is_valid():
            anonymised = rgpd.delete_account(user)
            logout(request)
            messages.success(request, _("Your account and its data were deleted.") if not anonymised else
                             _("Your account and its data were deleted; your %(count)s info-doc request(s) "
                               "were anonymised.") % {"count": anonymised})
            return redirect("/")
    return _page(request, form, emails, status=400 if form.errors else 200)


def _page(request, form, emails, status=200):
    context = {"form": form, "request_count": rgpd.infodoc_requests(emails).count()}
    return TemplateResponse(request, "lecteurs/supprimer_compte.html", context, status=status)
