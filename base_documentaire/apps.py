from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseDocumentaireConfig(AppConfig):
    """Notices, vocabularies, files and the documentary search."""

    name = "base_documentaire"
    verbose_name = _("Documentary base")

    def ready(self):
        from search import sections

        from . import signals  # noqa: F401
        from . import facet_tree  # noqa: F401  (its signals forget the facets' parents on a change)
        from .site_search import SECTION

        sections.register(SECTION)
