"""Admin views of the club de veille: the « Signaler » form of a partner centre's veilleur, and the
network's pool of signalements (every centre's, newest first, crediting the centre)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from base_documentaire.models import Contributeur, Notice
from reseau.api.payload import PayloadErrors
from reseau.contribution.partners import partner_scope

from . import service
from .forms import SignalementForm

FORM_FIELDS = {"titre": "titre", "urls": "url", "resume": "note", "themes": "themes",
               "territoires": "territoires", "fichier": "fichier"}
POOL_SIZE = 100


def veilleur_centre(user):
    """The partner centre the user posts for, or None (not a partner of a centre)."""
    scope = partner_scope(user)
    if scope is None or scope.contributeur_id is None:
        return None
    return Contributeur.objects.get(pk=scope.contributeur_id)


class SignalerView(WagtailAdminTemplateMixin, FormView):
    template_name = "club/signaler.html"
    page_title = gettext_lazy("Report a find")
    header_icon = "pick"
    form_class = SignalementForm

    def dispatch(self, request, *args, **kwargs):
        self.centre = veilleur_centre(request.user)
        if self.centre is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "centre": self.centre}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            notice, warnings = service.post(
                self.centre, self.request.user, titre=data["titre"], url=data["url"], note=data["note"],
                themes=data["themes"], territoires=data["territoires"], upload=data["fichier"])
        except PayloadErrors as error:
            for name, reasons in error.errors.items():
                for reason in reasons:
                    form.add_error(FORM_FIELDS.get(name), reason)
            return self.form_invalid(form)
        messages.success(self.request, _("Your find “%(title)s” was submitted to the documentalist for "
                                         "validation; it joins the network's pool once published.")
                         % {"title": notice.titre})
        for warning in warnings:
            messages.warning(self.request, warning)
        return redirect("club_pool")


class PoolView(WagtailAdminTemplateMixin, TemplateView):
    """Published signalements of every centre, and the user's own centre's still awaiting validation.
    Only its own centre's are offered for editing (the notices' admin refuses the others anyway)."""

    template_name = "club/pool.html"
    page_title = gettext_lazy("Watch club: the network's finds")
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        centre = veilleur_centre(self.request.user)
        signalements = Notice.objects.filter(type_document=service.TYPE_CODE).select_related("contributeur")
        visible = signalements.filter(live=True)
        if centre is not None:
            visible = visible | signalements.filter(contributeur=centre)
        elif partner_scope(self.request.user) is None:
            visible = signalements  # the centre's own team sees the pending ones too
        newest = visible.order_by(F("first_published_at").desc(nulls_first=True), "-pk").prefetch_related("liens")
        rows = [(notice, self._editable(notice, centre)) for notice in newest[:POOL_SIZE]]
        return {**super().get_context_data(**kwargs), "rows": rows, "centre": centre}

    def _editable(self, notice, centre):
        if centre is not None:
            return notice.contributeur_id == centre.pk
        return partner_scope(self.request.user) is None
