"""The public search records into the statistics through the base's hooks (base_documentaire.search_hooks);
the admin's « Statistiques de recherche » menu and its views."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from base_documentaire.search_hooks import NOTICE_OPENED, SEARCH_DONE

from crpv_site import after_response

from . import admin_views, recording
from .access import can_view_statistics


@hooks.register(SEARCH_DONE)
def record_search(request, search_request, results):
    if search_request.is_empty():
        return None  # the page opened without a search: nothing was looked for
    if search_request.page == 1:  # the next pages of a search are not counted again
        after_response.after_response(recording.record_search, search_request.text, search_request.filters,
                                results.total)
    return {recording.FROM_PARAMETER: recording.key_of(search_request.text, search_request.filters)}


@hooks.register(NOTICE_OPENED)
def record_opening(request, notice):
    key = request.GET.get(recording.FROM_PARAMETER)
    if recording.valid_key(key):
        after_response.after_response(recording.record_opening, key, notice.pk)


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_statistics(request.user)


@hooks.register("register_admin_menu_item")
def statistics_menu_item():
    return StatisticsMenuItem(_("Search statistics"), reverse("statistiques_index"), icon_name="table",
                              order=260)


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [
        path("statistiques-de-recherche/", admin_views.StatisticsView.as_view(), name="statistiques_index"),
        path("statistiques-de-recherche/requete/", admin_views.QueryView.as_view(), name="statistiques_query"),
        path("statistiques-de-recherche/synonyme/", admin_views.SynonymView.as_view(),
             name="statistiques_synonym"),
    ]
