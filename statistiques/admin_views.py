"""The « Statistiques de recherche » admin pages: the period's figures, one query's opened notices, and
the form that makes a query without result a synonym of a thème."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import charts, report
from .access import can_add_synonyms, can_view_statistics
from .forms import PeriodForm, SynonymForm
from .models import MAX_TEXT


class StatisticsAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_view_statistics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class PeriodMixin(StatisticsAccessMixin):
    def period(self):
        form = PeriodForm(self.request.GET or None)
        period = form.period()
        # The fields show the period shown (the default one when nothing or nothing valid was chosen).
        self.period_form = form if form.is_bound and not form.is_valid() else PeriodForm(
            initial={"du": period.start, "au": period.end})
        return period

    @staticmethod
    def period_query(period):
        return urlencode({"du": period.start.isoformat(), "au": period.end.isoformat()})


class StatisticsView(PeriodMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "statistiques/admin/index.html"
    page_title = gettext_lazy("Search statistics")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.period()
        figures = report.build(period)
        context.update(
            report=figures, period_form=self.period_form, period_query=self.period_query(period),
            can_add_synonyms=can_add_synonyms(self.request.user),
            charts=[
                {"id": "recherches", "title": _("Searches per week"), "chart": charts.searches_chart(figures.weeks),
                 "value_header": _("Searches")},
                {"id": "sans-resultat", "title": _("Share of searches without result per week"),
                 "chart": charts.zero_share_chart(figures.weeks), "value_header": _("Without result (%)")},
            ],
        )
        return context


class QueryView(PeriodMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "statistiques/admin/query.html"
    page_title = gettext_lazy("Search statistics: one query")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.period()
        folded = self.request.GET.get("requete", "")[:MAX_TEXT]
        context.update(detail=report.query_detail(period, folded), period=period,
                       period_query=self.period_query(period), index_url=reverse("statistiques_index"))
        return context


class SynonymView(StatisticsAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "statistiques/admin/synonym.html"
    page_title = gettext_lazy("Make a query a synonym of a theme")
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_add_synonyms(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = SynonymForm(initial={"synonyme": request.GET.get("synonyme", "")[:MAX_TEXT]})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = SynonymForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        theme = form.save()
        messages.success(request, _(
            "« %(text)s » is now a synonym of the theme « %(theme)s ». The search engines take it into account "
            "once the index is rebuilt in the background; the search stays available meanwhile.") % {
            "text": form.cleaned_data["synonyme"], "theme": theme.nom})
        return redirect("statistiques_index")

    def get_context_data(self, **kwargs):
        return super().get_context_data(index_url=reverse("statistiques_index"), **kwargs)
