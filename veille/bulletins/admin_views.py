"""Admin views of a bulletin: « Proposer les notices de la période » (a confirmation page whose button
POSTs). Only users who may edit the bulletin page reach them."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from base_documentaire import search_service
from veille.models import BulletinPage

from . import proposal


def editable_bulletin(request, page_id):
    bulletin = get_object_or_404(BulletinPage, pk=page_id)
    if not bulletin.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return bulletin


@require_http_methods(["GET", "POST"])
def propose(request, page_id):
    bulletin = editable_bulletin(request, page_id)
    edit_url = reverse("wagtailadmin_pages:edit", args=[bulletin.pk])
    if request.method == "GET":
        return TemplateResponse(request, "veille/bulletins/admin/propose.html",
                                {"bulletin": bulletin, "edit_url": edit_url})
    try:
        done = proposal.propose(bulletin, user=request.user)
    except search_service.SearchUnavailable:
        messages.error(request, _("The search engine does not answer: nothing was proposed, try again later."))
        return redirect(edit_url)
    for title in done.invalid:
        messages.warning(request, _("The search of the rubrique « %(title)s » is not valid: correct it.") % {"title": title})
    messages.success(request, ngettext(
        "%(count)d notice of the period proposed: choose, order and comment them, then publish.",
        "%(count)d notices of the period proposed: choose, order and comment them, then publish.",
        done.total) % {"count": done.total})
    return redirect(edit_url)
