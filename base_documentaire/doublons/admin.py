"""The duplicates in the Wagtail admin: URLs and menu item of the pairs, the flag panel of the
notice edit view and the panel of its aliases, the column and the filter of the notices listing."""
import django_filters
from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import BaseColumn

from . import aliases, detection, views
from .models import Doublon

ICON = "copy"


def urlpatterns():
    return [
        path("", views.PairsIndexView.as_view(), name="index"),
        path("<int:pk>/", views.PairView.as_view(), name="pair"),
        path("<int:pk>/fusionner/", views.merge_view, name="merge"),
        path("<int:pk>/conserver/", views.keep_both_view, name="keep_both"),
    ]


class PairsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view(request.user)


def menu_item():
    return PairsMenuItem(_("Possible duplicates"), reverse("doublons:index"), icon_name=ICON, order=201)


class DoublonsPanel(Panel):
    """On the notice edit view: the pending pairs of the notice, each linked to its comparison."""

    @property
    def clean_name(self):
        return super().clean_name or "doublons"

    class BoundPanel(Panel.BoundPanel):
        template_name = "base_documentaire/doublons/panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            pk = getattr(self.instance, "pk", None)
            allowed = self.request is not None and views.can_view(self.request.user)
            self.pairs = detection.pending_pairs([pk])[pk] if pk and allowed else []

        def is_shown(self):
            return bool(self.pairs)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["pairs"] = [(pair, pair.other_number(self.instance.pk), reverse("doublons:pair", args=[pair.pk]),
                                 views.notice_edit_url(pair.other_number(self.instance.pk)))
                                for pair in self.pairs]
            return context


class AliasesPanel(Panel):
    """On the notice edit view, read only: the identifiers of the notices merged into this one,
    which an import, a harvest or the partner API resolve to it (``aliases``)."""

    @property
    def clean_name(self):
        return super().clean_name or "alias"

    class BoundPanel(Panel.BoundPanel):
        template_name = "base_documentaire/doublons/aliases_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            pk = getattr(self.instance, "pk", None)
            self.aliases = aliases.of_notice(pk) if pk else []

        def is_shown(self):
            return bool(self.aliases)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["aliases"] = self.aliases
            return context


class DoublonsColumn(BaseColumn):
    """Notices listing: a link to each pending pair of the notice (one query for the page)."""

    cell_template_name = "base_documentaire/doublons/column.html"

    def __init__(self):
        super().__init__("doublons", label=_("Possible duplicate"))

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        table = parent_context["table"]
        pending = getattr(table, "_doublons", None)
        request = parent_context.get("request")
        if request is None or not views.can_view(request.user):  # partners: the moderators' business
            pending = {}
        elif pending is None:
            pending = table._doublons = detection.pending_pairs([row.pk for row in table.data])
        context["pairs"] = [(pair.other_number(instance.pk), reverse("doublons:pair", args=[pair.pk]))
                            for pair in pending.get(instance.pk, [])]
        return context


class NoticeDoublonsFilterSet(WagtailFilterSet):
    doublons = django_filters.ChoiceFilter(label=_("Possible duplicates"), method="filter_doublons",
                                           choices=[(Doublon.Statut.A_TRAITER, _("To handle"))],
                                           empty_label=_("All"))

    def filter_doublons(self, queryset, name, value):
        if value != Doublon.Statut.A_TRAITER:
            return queryset
        pending = Doublon.objects.filter(statut=Doublon.Statut.A_TRAITER)
        return queryset.filter(Q(pk__in=pending.values("notice_id")) | Q(pk__in=pending.values("candidat_id")))


def notice_filterset(model, list_filter):
    """The filters of ``list_filter`` plus "possible duplicates to handle"."""
    meta = type("Meta", (), {"model": model, "fields": list_filter or []})
    return type(f"{model.__name__}FilterSet", (NoticeDoublonsFilterSet,), {"Meta": meta})


def warn_after_save(request, notice):
    """After an admin save: say which notices this one looks like, with a link to compare."""
    from django.utils.translation import gettext
    from wagtail.admin import messages

    pairs = detection.pending_pairs([notice.pk])[notice.pk]
    if not pairs:
        return
    numbers = ", ".join(str(pair.other_number(notice.pk)) for pair in pairs)
    buttons = [messages.button(reverse("doublons:pair", args=[pair.pk]),
                               gettext("Compare with no. %(number)d") % {"number": pair.other_number(notice.pk)})
               for pair in pairs] if views.can_view(request.user) else []
    messages.warning(request, gettext("Possible duplicate of notice no. %(numbers)s.") % {"numbers": numbers},
                     buttons=buttons)
