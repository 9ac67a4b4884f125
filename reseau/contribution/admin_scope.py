"""Partners in the admin: every view of the notices and files (listing, edit, delete, history,
revisions, workflow, preview, usage…) shows and accepts only the partner's own centre's objects,
and the notices' contributeur is forced to that centre.

`scoped_view_class` answers the documentary base's hook `base_documentaire_admin_view`
(base_documentaire/admin_extension.py, registered in wagtail_hooks.py): it wraps each view class
the viewsets build, whatever class they name.
"""
from functools import cache

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.permissions import policy_registry

from base_documentaire.models import Fichier, Notice

from .admin_status import StatusIndexMixin, StatusMessageMixin
from .partners import partner_scope
from .permissions import scope_notices


class ScopedObjectMixin:
    """Refuse, before anything is loaded or shown, an object outside the partner's scope."""

    scope_queryset = None  # staticmethod(queryset, user) -> queryset, set on the built class

    def setup(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if partner_scope(request.user) is not None and pk is not None:
            queryset = self.scope_queryset(self.model._default_manager.all(), request.user)
            try:
                found = queryset.filter(pk=unquote(str(pk))).exists()
            except (ValueError, ValidationError):  # not a key at all
                found = False
            if not found:
                raise Http404
        super().setup(request, *args, **kwargs)


class InstanceDeleteMixin:
    """Deleting asks the policy about this notice (a partner never deletes a published one)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission_for_instance(request.user, "delete", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedIndexMixin:
    def get_base_queryset(self):
        return self.scope_queryset(super().get_base_queryset(), self.request.user)


class CentreNoticeFormMixin:
    """The contributeur of a partner's notice is its centre: shown read-only, never taken from the form."""

    def setup(self, request, *args, **kwargs):
        scope = partner_scope(request.user)
        if scope is not None and scope.contributeur_id is None:
            raise PermissionDenied  # in the partners' group without an account: nothing to write for
        super().setup(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        scope = partner_scope(self.request.user)
        field = form.fields.get("contributeur")
        if scope is not None and field is not None:
            field.disabled = True
            field.widget = forms.Select()  # the snippet chooser would offer a choice that is not one
            field.queryset = field.queryset.filter(pk=scope.contributeur_id)
            field.help_text = _("The notices of a partner centre always belong to it.")
        if scope is not None and "contributeurs_associes" in form.fields:  # set by the documentalist's merges
            form.fields["contributeurs_associes"].disabled = True
        if scope is not None:
            _own_copies_only(form, scope.contributeur_id)
        return form

    def save_instance(self):
        scope = partner_scope(self.request.user)
        if scope is not None:
            self.form.instance.contributeur_id = scope.contributeur_id
        return super().save_instance()


def _own_copies_only(form, contributeur_id):
    """A partner records the copies its own centre holds: another centre is not a valid choice."""
    copies = getattr(form, "formsets", {}).get("exemplaires")
    for copy_form in copies.forms if copies is not None else []:
        field = copy_form.fields.get("localisation")
        if field is not None:
            field.queryset = field.queryset.filter(pk=contributeur_id)


class CentreNoticeCreateMixin:
    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance()
        scope = partner_scope(self.request.user)
        if scope is not None:
            instance = instance or self.model()
            instance.contributeur_id = scope.contributeur_id
        return instance


@cache
def _scoped_class(view_class, scope_queryset, notices):
    from wagtail.admin.views.generic import DeleteView, IndexView

    bases = [ScopedObjectMixin]
    if notices and issubclass(view_class, DeleteView):
        bases.append(InstanceDeleteMixin)
    if issubclass(view_class, IndexView):
        bases.append(ScopedIndexMixin)
        if notices:
            bases.append(StatusIndexMixin)
    if notices and hasattr(view_class, "save_instance") and hasattr(view_class, "get_form"):
        bases.append(CentreNoticeFormMixin)
        if hasattr(view_class, "get_initial_form_instance"):
            bases.append(CentreNoticeCreateMixin)
        elif getattr(view_class, "view_name", "") == "edit":
            bases.append(StatusMessageMixin)
    return type(f"Centre{view_class.__name__}", (*bases, view_class), {"scope_queryset": staticmethod(scope_queryset)})


def scoped_view_class(model, view_class):
    """The view class confined to the partner's centre, for the notices' and files' viewsets."""
    if issubclass(model, Notice):
        return _scoped_class(view_class, scope_notices, True)
    if issubclass(model, Fichier):
        return _scoped_class(view_class, scope_files, False)
    return view_class


def scope_files(queryset, user):
    """A partner's files: those of the collections its centre's group may change (and its uploads)."""
    if partner_scope(user) is None:
        return queryset
    allowed = policy_registry.get_by_type(queryset.model).instances_user_has_any_permission_for(
        user, ["change", "delete"])
    return queryset.filter(pk__in=allowed.values("pk"))
