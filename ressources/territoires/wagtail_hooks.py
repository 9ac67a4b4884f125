"""Admin rules of the fiches territoires."""
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from .models import FicheTerritoirePage, TerritoiresIndexPage


@hooks.register("before_copy_page")
def refuse_copying_fiches(request, page):
    """A copy would give a territoire a second fiche: say so instead of failing on the database."""
    if page.specific_class is FicheTerritoirePage:
        messages.error(request, _("A territory sheet cannot be copied: each territory has only one sheet. "
                                  "Create a sheet for another territory instead."))
    elif page.specific_class is TerritoiresIndexPage and page.get_children().exists():
        messages.error(request, _("The territories index page cannot be copied with its sheets: each territory "
                                  "has only one sheet."))
    else:
        return None
    return redirect("wagtailadmin_explore", page.get_parent().pk)
