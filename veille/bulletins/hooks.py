"""The bulletin's admin: its URLs and the « Proposer les notices de la période » button of its header
(registered by veille/wagtail_hooks.py)."""
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail.admin.widgets import Button

from veille.models import BulletinPage

from . import admin_views


def admin_urls():
    return [path("veille/bulletins/<int:page_id>/proposer/", admin_views.propose, name="veille_bulletin_propose")]


def header_buttons(page, user, view_name, next_url=None):
    if page.specific_class is not BulletinPage or not page.permissions_for_user(user).can_edit():
        return
    yield Button(_("Propose the notices of the period"), reverse("veille_bulletin_propose", args=[page.pk]),
                 icon_name="search", priority=12)
