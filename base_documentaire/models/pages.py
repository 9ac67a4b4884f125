"""The public documentary page: search at its URL, one permalink per notice under it."""
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from .notices import Notice


class BaseDocumentairePage(RoutablePageMixin, Page):
    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    subpage_types = []

    class Meta:
        verbose_name = _("documentary base page")

    @path("")
    def search_view(self, request):
        from base_documentaire.views import search_page

        return search_page(request, self)

    @path("notices/<int:pk>/")
    def notice_view(self, request, pk):
        from base_documentaire.views import notice_page

        notices = Notice.objects.filter(live=True).select_related("contributeur").prefetch_related(
            "auteurs", "themes", "territoires", "mots_cles", "liens", "exemplaires__localisation", "fichiers__fichier")
        return notice_page(request, self, get_object_or_404(notices, pk=pk))

    @path("notices/<int:pk>/export/<str:fmt>/")
    def notice_export_view(self, request, pk, fmt):
        from base_documentaire.views import export_notices

        get_object_or_404(Notice.objects.filter(live=True), pk=pk)
        return export_notices(request, Notice.objects.filter(pk=pk), fmt, f"notice-{pk}")

    @path("export/")
    def search_export_view(self, request):
        from base_documentaire.views import export_search

        return export_search(request)

    @path("flux/")
    def feed_view(self, request):
        from base_documentaire.feeds import SearchFeed

        return SearchFeed(self)(request)

    def notice_url(self, notice, request=None):
        return self.get_url(request) + self.reverse_subpage("notice_view", args=[notice.pk])

    @classmethod
    def current(cls):
        page = cls.objects.live().first()
        if page is None:
            raise Http404
        return page
