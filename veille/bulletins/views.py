"""The archive of bulletins (a route of BulletinIndexPage)."""
from django.template.response import TemplateResponse

from ressources.listing import paginate

PER_PAGE = 20


def archive(request, index):
    context = index.get_context(request)
    context["bulletins"] = paginate(request, index.bulletins(), per_page=PER_PAGE)
    return TemplateResponse(request, "veille/bulletin_index_page.html", context)
