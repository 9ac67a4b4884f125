"""Admin views of the possible duplicates: the pairs to handle, one pair side by side, and the
moderator's two decisions (merge, keep both), each a POST answered by a redirect and a message."""
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import fusion
from .models import Doublon

PER_PAGE = 50


def notice_edit_url(pk):
    from base_documentaire.models import Notice

    return reverse(Notice.snippet_viewset.get_url_name("edit"), args=[pk])


def _require(user, allowed):
    if not allowed(user):
        raise PermissionDenied


def can_view(user):
    return user.has_perm("base_documentaire.view_doublon") or fusion.can_decide(user)


class PairsIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "base_documentaire/doublons/index.html"
    page_title = gettext_lazy("Possible duplicates")
    header_icon = "duplicate"

    def dispatch(self, request, *args, **kwargs):
        _require(request.user, can_view)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statut = self.request.GET.get("statut", Doublon.Statut.A_TRAITER)
        pairs = Doublon.objects.select_related("notice__contributeur", "candidat__contributeur", "decide_par")
        if statut in Doublon.Statut.values:
            pairs = pairs.filter(statut=statut)
        else:
            statut = ""
        page = Paginator(pairs, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(page=page, statut=statut, statuts=Doublon.Statut.choices,
                       pending=Doublon.objects.filter(statut=Doublon.Statut.A_TRAITER).count())
        return context


class PairView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "base_documentaire/doublons/pair.html"
    header_icon = "duplicate"

    def dispatch(self, request, *args, **kwargs):
        _require(request.user, can_view)
        from base_documentaire.models import Exemplaire, Notice, NoticeFichier

        self.pair = get_object_or_404(Doublon.objects.select_related("decide_par"), pk=kwargs["pk"])
        notices = Notice.objects.select_related("contributeur").prefetch_related(
            "auteurs", "themes", "territoires", "mots_cles", "liens", "contributeurs_associes",
            Prefetch("fichiers", queryset=NoticeFichier.objects.select_related("fichier")),
            Prefetch("exemplaires", queryset=Exemplaire.objects.select_related("localisation")))
        found = {notice.pk: notice for notice in notices.filter(pk__in=[self.pair.notice_id, self.pair.candidat_id])}
        self.notices = [found[pk] for pk in (self.pair.candidat_id, self.pair.notice_id) if pk in found]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Possible duplicate: notices no. %(first)d and no. %(second)d") % {
            "first": self.pair.candidat_numero, "second": self.pair.notice_numero}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        pending = self.pair.statut == Doublon.Statut.A_TRAITER and len(self.notices) == 2
        context.update(
            pair=self.pair, notices=[(notice, notice_edit_url(notice.pk)) for notice in self.notices],
            rows=comparison_rows(self.notices), pending=pending,
            can_merge=pending and fusion.can_merge(user), can_decide=pending and fusion.can_decide(user),
            index_url=reverse("doublons:index"),
        )
        return context


def comparison_rows(notices):
    """(label, [value per notice], differ) for the side-by-side table."""
    def names(items):
        return ", ".join(str(item) for item in items)

    fields = [
        (_("Title"), lambda n: n.titre), (_("Subtitle"), lambda n: n.sous_titre),
        (_("Document type"), lambda n: n.get_type_document_display()), (_("Year"), lambda n: n.annee or ""),
        (_("Publisher"), lambda n: n.editeur), ("ISBN", lambda n: n.isbn),
        (_("Contributor"), lambda n: n.contributeur or ""),
        (_("Associated contributors"), lambda n: names(n.contributeurs_associes.all())),
        (_("External identifier"), lambda n: n.external_id),
        (_("Authors"), lambda n: " ; ".join(author.nom for author in n.auteurs.all())),
        (_("Themes"), lambda n: names(n.themes.all())), (_("Territories"), lambda n: names(n.territoires.all())),
        (_("Keywords"), lambda n: names(n.mots_cles.all())),
        (_("Files"), lambda n: names(link.fichier.title for link in n.fichiers.all())),
        (_("Copies"), lambda n: names(f"{copy.localisation} {copy.cote}".strip() for copy in n.exemplaires.all())),
        (_("Links"), lambda n: names(link.url for link in n.liens.all())),
        (_("Status"), lambda n: _("Published") if n.live else _("Draft")),
    ]
    rows = []
    for label, value in fields:
        values = [str(value(notice)) for notice in notices]
        rows.append((label, values, len(set(values)) > 1))
    return rows


@require_POST
def merge_view(request, pk):
    _require(request.user, fusion.can_merge)
    try:
        kept = fusion.merge(pk, request.POST.get("garder"), request.user)
    except fusion.DecisionError as error:
        messages.error(request, str(error))
        return redirect("doublons:pair", pk=pk) if Doublon.objects.filter(pk=pk).exists() else redirect(
            "doublons:index")
    messages.success(request, _("The notices are merged into notice no. %(number)d.") % {"number": kept.pk},
                     buttons=[messages.button(notice_edit_url(kept.pk), _("Edit"))])
    return redirect("doublons:index")


@require_POST
def keep_both_view(request, pk):
    _require(request.user, fusion.can_decide)
    try:
        fusion.keep_both(pk, request.user)
    except fusion.DecisionError as error:
        messages.error(request, str(error))
        return redirect("doublons:pair", pk=pk) if Doublon.objects.filter(pk=pk).exists() else redirect(
            "doublons:index")
    messages.success(request, _("Both notices are kept; this pair will not be flagged again."))
    return redirect("doublons:index")
