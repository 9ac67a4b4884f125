"""Template tags of the documentary search's help for readers: where to ask the info-doc service.

The search page lives in base_documentaire, which may not import infodoc (apps depend one way); this
library of lecteurs (which may) answers for it."""
from django import template

from infodoc.models import DemandeInfoDocPage

register = template.Library()


@register.simple_tag(takes_context=True)
def infodoc_request_url(context):
    """The address of the published, public info-doc request form, or "" when there is none."""
    page = DemandeInfoDocPage.objects.live().public().order_by("path").first()
    return page.get_url(context.get("request")) if page else ""
