"""The directory's views: the listing (search, filters, pagination) and an acteur's page.
Their routes are on AnnuairePage."""
from django.db.models import Prefetch
from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.images import get_image_model

from ressources.listing import paginate

from .forms import ActeurFilterForm
from .models import Acteur
from .queries import events_for, notices_for, publications_for

PER_PAGE = 24
CARD_LOGOS = ("format-webp|max-320x180", "format-png|max-320x180")  # annuaire/includes/acteur_card.html


def listing(request, directory):
    everyone = Acteur.objects.all()
    form = ActeurFilterForm(request.GET or None, queryset=everyone)
    logos = get_image_model().objects.prefetch_renditions(*CARD_LOGOS)  # the cards' WebP and PNG
    acteurs = form.filter(everyone).prefetch_related("territoires", Prefetch("logo", logos)).order_by("nom", "pk")
    context = directory.get_context(request)
    context.update(form=form, acteurs=paginate(request, acteurs, per_page=PER_PAGE),
                   selection=form.selection_labels())
    status = 400 if form.is_bound and not form.is_valid() else 200
    return TemplateResponse(request, "annuaire/annuaire_page.html", context, status=status)


def detail(request, directory, slug):
    acteur = Acteur.objects.select_related("contributeur", "logo").filter(slug=slug).first()
    if acteur is None:
        raise Http404
    notices, documentary_page = notices_for(acteur)
    context = directory.get_context(request)
    context.update(
        acteur=acteur,
        personnes=list(acteur.personnes.public()),
        themes=list(acteur.themes.all()),
        territoires=list(acteur.territoires.all()),
        events=events_for(acteur),
        publications=publications_for(acteur),
        notices=notices,
        documentary_page=documentary_page,
    )
    return TemplateResponse(request, "annuaire/acteur.html", context)
