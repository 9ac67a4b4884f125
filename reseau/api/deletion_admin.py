"""Admin of the partners' deletion requests (Base documentaire › Demandes de suppression): the
documentalist sees the requests awaiting her and approves one (the notice is unpublished and
deleted) or refuses it with a comment (the notice stays online). Each decision is a POST answered
by a redirect and a message, as the duplicates' decisions are."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from reseau.contribution.partners import partner_scope

from . import deletion
from .models import DemandeSuppression

NAMESPACE = "demandes_suppression"


def can_decide(user):
    """The documentalists: the right to delete notices, and no partner centre to be confined to."""
    return user.is_active and user.has_perm("base_documentaire.delete_notice") and partner_scope(user) is None


def _require(user):
    if not can_decide(user):
        raise PermissionDenied


class RequestsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "partner_api/demandes_suppression.html"
    page_title = gettext_lazy("Deletion requests")
    header_icon = "bin"

    def dispatch(self, request, *args, **kwargs):
        _require(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demandes"] = (DemandeSuppression.objects.filter(statut=DemandeSuppression.Statut.EN_ATTENTE)
                               .select_related("notice", "contributeur", "demandee_par"))
        return context


@require_POST
def approve_view(request, pk):
    _require(request.user)
    try:
        title = deletion.approve(pk, request.user)
    except deletion.AlreadyDecided:
        messages.error(request, _("This request was already decided."))
    else:
        messages.success(request, _("The notice “%(title)s” is deleted.") % {"title": title})
    return redirect(f"{NAMESPACE}:index")


@require_POST
def refuse_view(request, pk):
    _require(request.user)
    try:
        demande = deletion.refuse(pk, request.user, request.POST.get("commentaire", "")[:2000])
    except deletion.AlreadyDecided:
        messages.error(request, _("This request was already decided."))
    else:
        messages.success(request, _("The deletion of “%(title)s” is refused: the notice stays online.")
                         % {"title": demande.notice.titre})
    return redirect(f"{NAMESPACE}:index")


def urlpatterns():
    return [
        path("", RequestsView.as_view(), name="index"),
        path("<int:pk>/accepter/", approve_view, name="approve"),
        path("<int:pk>/refuser/", refuse_view, name="refuse"),
    ]


class RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_decide(request.user)


def menu_item():
    return RequestsMenuItem(_("Deletion requests"), reverse(f"{NAMESPACE}:index"), icon_name="bin", order=202)
