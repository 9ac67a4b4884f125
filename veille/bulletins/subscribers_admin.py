"""The bulletins' subscribers in the admin (« Abonnés aux bulletins »): the list (address, archive, partner
centre, confirmed or not), and adding a partner centre's contact address, which gets the same confirmation
e-mail as anyone (double opt-in: nobody is subscribed without clicking). Editing only changes the centre."""
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from veille import optin
from veille.models import AbonnementBulletin

from . import subscription


class SubscriberCreateView(generic.CreateView):
    def save_instance(self):
        wanted = self.form.instance
        try:
            done = subscription.subscribe(wanted.archive, wanted.email, centre=wanted.centre)
        except optin.MailFailed:
            messages.warning(self.request, _("The address is recorded, but the confirmation e-mail could not be "
                                             "sent: add it again later to send it."))
            return AbonnementBulletin.objects.get(archive=wanted.archive, email=optin.normalise_email(wanted.email))
        return done.abonnement

    def get_success_message(self, instance):
        if instance.confirmed:
            return _("%(email)s already receives these bulletins.") % {"email": instance.email}
        return _("A confirmation e-mail was sent to %(email)s: the address receives the bulletins once "
                 "confirmed.") % {"email": instance.email}


class SubscriberViewSet(ModelViewSet):
    model = AbonnementBulletin
    icon = "mail"
    menu_label = gettext_lazy("Bulletin subscribers")
    add_to_admin_menu = True
    menu_order = 214
    add_view_class = SubscriberCreateView
    form_fields = ["archive", "email", "centre"]
    list_display = ["email", "archive", "centre", Column("confirmee_le", label=gettext_lazy("confirmed on"))]
    list_filter = ["archive", "centre"]
    search_fields = ["email"]

    def get_form_class(self, for_update=False):
        if for_update:
            from django.forms import modelform_factory

            return modelform_factory(AbonnementBulletin, fields=["centre"])
        return super().get_form_class(for_update)


subscriber_viewset = SubscriberViewSet("bulletin_subscribers", url_prefix="veille/abonnes")
