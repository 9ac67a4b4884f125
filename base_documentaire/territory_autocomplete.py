"""Territories chosen in the admin with a searchable autocomplete, never a list of every territory.

Wherever an admin form (WagtailAdminModelForm: snippets, pages, settings) has a foreign key or a
many-to-many relation to `Territoire`, Wagtail's registry of form field overrides gives it one of
these widgets: a `<select>` holding only the territories already chosen, which Tom Select (vendored
in static/base_documentaire/vendor/tom-select, Apache-2.0) turns into a WAI-ARIA combobox asking
`territory_autocomplete_view` for the territories matching the typed text (territory_search). A
relation limited to some territories (`limit_choices_to`, e.g. a contributor's région) keeps its
plain list: it is short, and the search does not know the limit.
"""
from django import forms
from django.db import models
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override, registry
from wagtail.admin.staticfiles import versioned_static
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from .models import Territoire
from .territory_search import chosen, search_territories

URL_NAME = "base_documentaire_territory_autocomplete"
RESULTS = 20


class TerritoryAutocompleteMixin:
    """Renders only the chosen territories; the script finds the others as the editor types."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({
            "data-controller": "territory-autocomplete",
            "data-territory-autocomplete-url-value": reverse(URL_NAME),
            "data-territory-autocomplete-placeholder-value": _("Name, INSEE code, QPV code or département number"),
            "data-territory-autocomplete-no-results-value": _("No territory matches."),
            "data-territory-autocomplete-loading-value": _("Searching…"),
            "data-territory-autocomplete-type-value": _("Type at least one letter or digit."),
            "data-territory-autocomplete-remove-value": _("Remove territory"),
            "data-territory-autocomplete-alias-value": _("also written"),
            "data-territory-autocomplete-error-value": _("The search failed: try again."),
        })
        return context

    def optgroups(self, name, value, attrs=None):
        territories = chosen(value)
        groups = []
        if not self.allow_multiple_selected:  # one territory: the empty choice first
            groups.append((None, [self.create_option(name, "", "", not territories, 0)], 0))
        for index, territory in enumerate(territories, start=len(groups)):
            groups.append((None, [self.create_option(name, str(territory.pk), territory.libelle, True, index)], index))
        return groups

    @property
    def media(self):
        return forms.Media(
            css={"all": [versioned_static("base_documentaire/vendor/tom-select/tom-select.default.min.css"),
                         versioned_static("base_documentaire/territory-autocomplete.css")]},
            js=[versioned_static("base_documentaire/vendor/tom-select/tom-select.complete.min.js"),
                versioned_static("base_documentaire/territory-autocomplete.js")])


class TerritoriesAutocomplete(TerritoryAutocompleteMixin, forms.SelectMultiple):
    """Several territories (a many-to-many relation)."""


class TerritoryAutocomplete(TerritoryAutocompleteMixin, forms.Select):
    """One territory (a foreign key)."""


def territory_autocomplete_view(request):
    """{"results": [{"id", "label", "level", "code", "alias"}]}: the territories matching `q`."""
    return JsonResponse({"results": search_territories(request.GET.get("q", ""), limit=RESULTS)})


@hooks.register("register_admin_urls")
def register_territory_autocomplete_url():  # under the admin: only users with admin access
    return [path("territoires/autocomplete/", territory_autocomplete_view, name=URL_NAME)]


# -- Every admin form's territory relations ---------------------------------------------------------

def _to_territories(field):
    return field.remote_field.model is Territoire and not field.remote_field.limit_choices_to


def _foreign_key_override(field):
    return {"widget": TerritoryAutocomplete} if _to_territories(field) else None


def _many_to_many_override(previous):
    def override(field):
        if _to_territories(field):
            return {"widget": TerritoriesAutocomplete}
        return previous(field) if callable(previous) else previous
    return override


def register_widgets():
    """Foreign keys to Territoire through the registry's own `to=`; many-to-many relations through
    the many-to-many entry, handing every other relation to what was there before."""
    register_form_field_override(models.ForeignKey, to=Territoire, override=_foreign_key_override)
    previous = registry.values_by_class.get(models.ManyToManyField)
    register_form_field_override(models.ManyToManyField, override=_many_to_many_override(previous))


class TerritoryChooserViewSet(SnippetChooserViewSet):
    """The territories' snippet chooser (its modal stays available) without its widget: foreign
    keys to Territoire get the autocomplete, whenever Wagtail registers the snippet."""

    register_widget = False


register_widgets()
