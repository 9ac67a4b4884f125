"""Admin views of a bulletin's sending: « Envoyer aux abonnés » (a confirmation page with the number of
confirmed subscribers, whose button POSTs), the report of its sendings (sent / failed / pending, the
failures with their error) and « Renvoyer les échecs ». Only users who may publish the bulletin reach them."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from veille.models import BulletinPage, EnvoiBulletin, LivraisonBulletin

from . import sending, subscription

FAILURES_SHOWN = 200


def publishable_bulletin(request, page_id):
    bulletin = get_object_or_404(BulletinPage, pk=page_id)
    if not bulletin.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return bulletin


def report_url(bulletin):
    return reverse("veille_bulletin_sendings", args=[bulletin.pk])


@require_http_methods(["GET", "POST"])
def send(request, page_id):
    bulletin = publishable_bulletin(request, page_id)
    if bulletin.envois.exists():
        messages.error(request, _("This bulletin has already been sent: only its failed deliveries may be sent "
                                  "again."))
        return redirect(report_url(bulletin))
    if request.method == "GET" or not bulletin.live:
        count = subscription.confirmed_subscribers(bulletin.get_parent()).count()
        return TemplateResponse(request, "veille/bulletins/admin/send.html", {
            "bulletin": bulletin, "count": count, "edit_url": reverse("wagtailadmin_pages:edit", args=[bulletin.pk]),
            "not_live": not bulletin.live}, status=200 if request.method == "GET" else 400)
    try:
        envoi = sending.start(bulletin, user=request.user)
    except sending.AlreadySent:
        messages.error(request, _("This bulletin has already been sent: only its failed deliveries may be sent "
                                  "again."))
        return redirect(report_url(bulletin))
    messages.success(request, ngettext(
        "Sending of the bulletin to %(count)d subscriber started.",
        "Sending of the bulletin to %(count)d subscribers started.", envoi.livraisons.count())
        % {"count": envoi.livraisons.count()})
    return redirect(report_url(bulletin))


def sendings(request, page_id):
    bulletin = publishable_bulletin(request, page_id)
    rows = [{"envoi": envoi, "counts": envoi.counts(),
             "failures": list(envoi.livraisons.filter(statut=LivraisonBulletin.Statut.FAILED)
                              .order_by("email")[:FAILURES_SHOWN])}
            for envoi in bulletin.envois.select_related("demande_par")]
    return TemplateResponse(request, "veille/bulletins/admin/sendings.html", {
        "bulletin": bulletin, "rows": rows, "edit_url": reverse("wagtailadmin_pages:edit", args=[bulletin.pk]),
        "send_url": reverse("veille_bulletin_send", args=[bulletin.pk])})


@require_POST
def resend_failures(request, envoi_id):
    envoi = get_object_or_404(EnvoiBulletin, pk=envoi_id)
    publishable_bulletin(request, envoi.bulletin_id)
    count = sending.resend_failures(envoi)
    messages.success(request, ngettext("%(count)d failed delivery sent again.",
                                       "%(count)d failed deliveries sent again.", count) % {"count": count})
    return redirect(report_url(envoi.bulletin))
