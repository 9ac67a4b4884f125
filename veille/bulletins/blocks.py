"""A rubrique of a bulletin: a title, the search its notices are proposed from (validated by the
documentary search itself, like the alerts' searches) and the notices the documentalist chose, in order,
each with a comment."""
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from base_documentaire import search_service
from veille.alerts.searches import SavedSearch

SEARCH_FIELDS = {"mots": "q", "theme": "theme", "territoire": "territoire", "type": "type"}


class ChosenNoticeBlock(blocks.StructBlock):
    notice = SnippetChooserBlock("base_documentaire.Notice", label=_("Notice"))
    commentaire = blocks.TextBlock(required=False, label=_("Documentalist's comment"))

    class Meta:
        icon = "doc-full"
        label = _("Notice")


class RubriqueValue(blocks.StructValue):
    def search(self):
        """The rubrique's SavedSearch (raises search_service.InvalidSearch if no longer valid)."""
        return SavedSearch.from_params(search_params(self))

    def live_items(self):
        """(notice, comment) of the chosen notices still published, in the chosen order."""
        return [(item["notice"], item["commentaire"]) for item in self["notices"]
                if item["notice"] is not None and item["notice"].live]


def search_params(value):
    params = QueryDict(mutable=True)
    for name, parameter in SEARCH_FIELDS.items():
        text = (value.get(name) or "").strip()
        if text:
            params[parameter] = text
    return params


class RubriqueBlock(blocks.StructBlock):
    titre = blocks.CharBlock(max_length=200, label=_("Title"))
    mots = blocks.CharBlock(required=False, label=_("Words"),
                            help_text=_("Words searched, as in the documentary base's search box."))
    theme = blocks.CharBlock(required=False, max_length=255, label=_("Theme"),
                             help_text=_("A thème's label, as in the documentary base's filters."))
    territoire = blocks.CharBlock(required=False, max_length=255, label=_("Territory"),
                                  help_text=_("A territory's label, as in the documentary base's filters."))
    type = blocks.CharBlock(required=False, max_length=255, label=_("Document type"),
                            help_text=_("A document type's label, as in the documentary base's filters."))
    notices = blocks.ListBlock(ChosenNoticeBlock(), label=_("Chosen notices"), required=False,
                               help_text=_("In the order of the bulletin; « Propose the notices of the period » "
                                           "adds the new ones of the rubrique's search."))

    class Meta:
        icon = "list-ul"
        label = _("Rubrique")
        value_class = RubriqueValue

    def clean(self, value):
        value = super().clean(value)
        try:
            search_service.parse(search_params(value))
        except search_service.InvalidSearch as invalid:
            fields = {parameter: name for name, parameter in SEARCH_FIELDS.items()}
            raise StructBlockValidationError(block_errors={
                fields.get(parameter, "mots"): ValidationError(message)
                for parameter, message in invalid.errors.items()})
        return value
