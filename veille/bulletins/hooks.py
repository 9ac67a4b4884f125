"""The bulletin's admin: its URLs and the buttons of its header (registered by veille/wagtail_hooks.py):
« Proposer les notices de la période » for its editors; « Envoyer aux abonnés » (a published bulletin never
sent) or « Envois aux abonnés » (the report of its sending) for those who may publish it."""
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail.admin.widgets import Button

from veille.models import BulletinPage, EnvoiBulletin

from . import admin_views, sending_views


def admin_urls():
    return [
        path("veille/bulletins/<int:page_id>/proposer/", admin_views.propose, name="veille_bulletin_propose"),
        path("veille/bulletins/<int:page_id>/envoyer/", sending_views.send, name="veille_bulletin_send"),
        path("veille/bulletins/<int:page_id>/envois/", sending_views.sendings, name="veille_bulletin_sendings"),
        path("veille/envois/<int:envoi_id>/renvoyer/", sending_views.resend_failures, name="veille_bulletin_resend"),
    ]


def header_buttons(page, user, view_name, next_url=None):
    if page.specific_class is not BulletinPage:
        return
    permissions = page.permissions_for_user(user)
    if permissions.can_edit():
        yield Button(_("Propose the notices of the period"), reverse("veille_bulletin_propose", args=[page.pk]),
                     icon_name="search", priority=12)
    if not permissions.can_publish():
        return
    if EnvoiBulletin.objects.filter(bulletin_id=page.pk).exists():
        yield Button(_("Sendings to the subscribers"), reverse("veille_bulletin_sendings", args=[page.pk]),
                     icon_name="mail", priority=13)
    elif page.live:
        yield Button(_("Send to the subscribers"), reverse("veille_bulletin_send", args=[page.pk]),
                     icon_name="mail", priority=13)
