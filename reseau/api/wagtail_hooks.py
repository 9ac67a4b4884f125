"""Admin of the partners' API tokens (Paramètres > Jetons d'API des partenaires): the
documentalist creates a token for a centre and a user, sees its key once, and revokes it."""
from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .models import JetonApi


class JetonCreateForm(WagtailAdminModelForm):
    class Meta:
        model = JetonApi
        fields = ["nom", "contributeur", "user"]

    def clean(self):
        cleaned = super().clean()
        user, contributeur = cleaned.get("user"), cleaned.get("contributeur")
        compte = getattr(user, "compte_partenaire", None) if user else None
        if compte is not None and contributeur is not None and compte.contributeur_id != contributeur.pk:
            self.add_error("user", _("This user is a partner account of another centre (%(centre)s).")
                           % {"centre": compte.contributeur})
        return cleaned


class JetonEditForm(WagtailAdminModelForm):
    revoquer = forms.BooleanField(label=_("Revoke this token"), required=False,
                                  help_text=_("The partner's system is refused at once; this cannot be undone."))

    class Meta:
        model = JetonApi
        fields = ["nom"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.revoked:
            self.fields["revoquer"].initial = True
            self.fields["revoquer"].disabled = True

    def save(self, commit=True):
        if self.cleaned_data.get("revoquer") and not self.instance.revoked:
            from django.utils import timezone

            self.instance.revoked_at = timezone.now()
        return super().save(commit)


class JetonCreateView(generic.CreateView):
    """Shows the key once, on the page that answers the creation; only its hash is stored."""

    def save_instance(self):
        self.key = self.form.instance.generate_key()
        return super().save_instance()

    def save_action(self):
        return TemplateResponse(self.request, "partner_api/jeton_cree.html", {
            "header_title": _("API key of %(token)s") % {"token": self.object},
            "page_title": _("API key created"), "header_icon": "key",
            "jeton": self.object, "key": self.key, "index_url": self.get_success_url(),
        })


class JetonApiViewSet(ModelViewSet):
    model = JetonApi
    icon = "key"
    menu_label = _("Partner API tokens")
    add_to_admin_menu = False
    add_view_class = JetonCreateView
    list_display = ["nom", "contributeur", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["contributeur"]
    search_fields = ["nom"]
    search_backend_name = None
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return JetonEditForm if for_update else JetonCreateForm


jeton_api_viewset = JetonApiViewSet("jetons_api")


@hooks.register("register_admin_viewset")
def register_jeton_api_viewset():
    return jeton_api_viewset


@hooks.register("register_settings_menu_item")
def jeton_api_menu_item():
    return jeton_api_viewset.get_menu_item()


# -- Deletion requests of published notices (reseau/api/deletion.py) -----------------------------

@hooks.register("register_admin_urls")
def register_deletion_requests_urls():
    from django.urls import include, path

    from . import deletion_admin

    return [path("demandes-suppression/", include((deletion_admin.urlpatterns(), deletion_admin.NAMESPACE),
                                                  namespace=deletion_admin.NAMESPACE))]


@hooks.register("register_admin_menu_item")
def deletion_requests_menu_item():
    from . import deletion_admin

    return deletion_admin.menu_item()
