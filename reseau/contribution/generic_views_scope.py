"""Partners in Wagtail's generic views: what a partner (an admin user of a partner centre) reaches
beyond the notices' and files' own viewsets, and how each is confined to its centre.

Every generic admin view a partner can reach, and its rule (tests/reseau/test_partner_generic_views.py
has a test for each, with two centres):

- Choosers (`/admin/snippets/choose/<app>/<model>/`, its `results/` (search, pagination),
  `chosen/<pk>/`, `chosen-multiple/`, `create/`), wrapped here by `confine_choosers` before
  Wagtail builds their URLs:
  - notices: the partner's centre's notices only (drafts of other centres never), an other
    centre's notice is not found;
  - files (`/admin/documents/chooser/…`): Wagtail lists the files of the collections a user may
    choose from (one collection per centre, reseau.contribution.partners.ensure_space); `chosen/`
    is confined the same way;
  - thèmes, types de document, territoires, contributeurs: the public vocabularies a notice form
    chooses from, unchanged;
  - images (`/admin/images/chooser/…`): Wagtail lists the images of the collections a user may
    choose from (partners: none); `chosen/` is confined the same way;
  - every other snippet chooser (info-doc requests and questions-réponses, the annuaire's
    acteurs, personnes and RGPD log, candidate terms, and any registered later): refused (403;
    the info-doc requests' chooser is also refused to any admin user outside the info-doc team,
    infodoc/wagtail_hooks.py).
- The admin API (`/admin/api/main/documents/`, `pages/`, `images/`, their detail and `find/`):
  documents as in the chooser, pages published ones only, images those the user may choose
  (`scoped_admin_api`, registered after Wagtail's endpoints under the same names).
- The page chooser (`/admin/choose-page/…`): published pages only (`construct_page_chooser_queryset`).
- Moving a page (`/admin/pages/<id>/move/<dest>/confirm/`): Wagtail shows the confirmation page
  (titles of draft pages) to any admin user; refused without the permission to move it
  (`before_move_page`, for every user).
- Usage, history, revisions, workflow history and inspect views of notices and files, bulk
  actions, editing sessions (`/admin/editing-sessions/ping/…`): their viewsets' views, confined by
  admin_scope.py, or Wagtail asking the notices' permission policy (permissions.py): an other
  centre's object is not found.
- Tag autocomplete (`/admin/tag-autocomplete/`): Wagtail proposes every keyword of taggit's one
  tag table; a partner gets those of published notices and of its own centre's notices
  (`partner_tag_autocomplete`, served before Wagtail's admin URLs: site_history.urlpatterns).
- Reports: site history (site_history.py: the partner's own notices' and files' entries); locked
  pages, aging pages, workflows and workflow tasks, page types usage: Wagtail refuses users without
  page or workflow permissions, which partners never get.
- Files served (`/documents/<id>/<name>` and, on the dev server, `/media/`):
  base_documentaire.file_access.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, JsonResponse
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.coreutils import resolve_model_string
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from base_documentaire.models import Contributeur, Notice, Territoire, Theme, TypeDocument

from .partners import partner_scope
from .permissions import scope_notices

# Public vocabularies (shown on the site's facets): a partner chooses them in its notices.
PUBLIC_VOCABULARIES = (Theme, TypeDocument, Territoire, Contributeur)
CHOOSER_VIEWS = ("choose_view_class", "choose_results_view_class", "chosen_view_class",
                 "chosen_multiple_view_class", "create_view_class")


def choosable(queryset, user):
    """The files or images of the collections the user may choose from (Wagtail's own rule)."""
    allowed = policy_registry.get_by_type(queryset.model).instances_user_has_any_permission_for(user, ["choose"])
    return queryset.filter(pk__in=allowed.values("pk"))


def published_pages(queryset, user):
    return queryset.live()


def refuse(queryset, user):
    raise PermissionDenied


def partner_rule(model):
    """How a partner's view of this model is narrowed: a function (queryset, user) -> queryset,
    None when it is left as it is, `refuse` when the partner may not see the model at all."""
    if issubclass(model, Notice):
        return scope_notices
    if issubclass(model, (get_document_model(), get_image_model())):
        return choosable
    if issubclass(model, PUBLIC_VOCABULARIES):
        return None
    return refuse


def for_partner(user, queryset, rule):
    """The queryset as the user may see it: narrowed by the rule for a partner only."""
    if rule is None or partner_scope(user) is None:
        return queryset
    return rule(queryset, user)


class PartnerChooserMixin:
    """A chooser view narrowed for partners by `partner_rule` (set on the built class)."""

    partner_rule = None

    def dispatch(self, request, *args, **kwargs):
        if self.partner_rule is refuse and partner_scope(request.user) is not None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _scoped(self, queryset):
        return for_partner(self.request.user, queryset, self.partner_rule)

    def get_object_list(self):
        return self._scoped(super().get_object_list())

    def get_object(self, pk):
        obj = super().get_object(pk)
        if not self._scoped(type(obj)._default_manager.filter(pk=obj.pk)).exists():
            raise Http404
        return obj

    def get_objects(self, pks):
        return self._scoped(super().get_objects(pks))


def _partner_view_class(view_class, rule):
    return type(f"Partner{view_class.__name__}", (PartnerChooserMixin, view_class),
                {"partner_rule": staticmethod(rule)})


def confine_chooser(viewset):
    """Give a chooser viewset's views the partners' rule of its model (before its URLs are built)."""
    model = resolve_model_string(viewset.model) if viewset.model else None
    if model is None or getattr(viewset, "_partner_confined", False):
        return
    rule = partner_rule(model)
    if rule is None:
        return
    for attribute in CHOOSER_VIEWS:
        view_class = getattr(viewset, attribute, None)
        if view_class is not None:
            setattr(viewset, attribute, _partner_view_class(view_class, rule))
    viewset._partner_confined = True


def confine_choosers(registry):
    for viewset in list(registry.viewsets):
        if isinstance(viewset, ChooserViewSet):
            confine_chooser(viewset)


def scoped_admin_api(endpoint_class, rule):
    """An admin API endpoint whose objects are narrowed for partners by the rule."""

    def get_queryset(self):
        return for_partner(self.request.user, super(endpoint, self).get_queryset(), rule)

    endpoint = type(f"Partner{endpoint_class.__name__}", (endpoint_class,), {"get_queryset": get_queryset})
    return endpoint


def check_page_move(request, page, destination):
    """Wagtail's move confirmation shows pages' titles before checking the permission: check it first."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


def page_chooser_queryset(pages, request):
    return for_partner(request.user, pages, published_pages)


def partner_tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocomplete, which proposes every keyword of the one tag table: a partner gets
    the keywords of published notices and of its own centre's notices only."""
    from taggit.models import Tag
    from wagtail.admin.views.tags import TAGS_AUTOCOMPLETE_LIMIT, autocomplete

    from base_documentaire.models.notices import NoticeMotCle

    if partner_scope(request.user) is None or (app_name, model_name) not in ((None, None), ("taggit", "tag")):
        return autocomplete(request, app_name, model_name)
    term = request.GET.get("term", "")
    if not term:
        return JsonResponse([], safe=False)
    own = scope_notices(Notice.objects.all(), request.user).values("pk")
    tag_ids = NoticeMotCle.objects.filter(Q(content_object__live=True) | Q(content_object__in=own)).values("tag_id")
    names = (Tag.objects.filter(name__istartswith=term, pk__in=tag_ids).order_by("name")
             .values_list("name", flat=True)[:TAGS_AUTOCOMPLETE_LIMIT])
    return JsonResponse(list(names), safe=False)
