"""Who is a reader: a signed-in account that has no access to the admin.

Editors, documentalists and partner centres' accounts reach the Wagtail admin (staff, superuser or the
`wagtailadmin.access_admin` permission, through a group or directly); they sign in through the admin's own
login and never get a reader's space, so deleting "my account" from the public site can never remove an
editor. Readers, created by the public sign-up, never get any of these.
"""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse

ADMIN_PERMISSION = "wagtailadmin.access_admin"


def is_reader(user):
    if not user.is_authenticated or not user.is_active:
        return False
    return not (user.is_staff or user.is_superuser or user.has_perm(ADMIN_PERMISSION))


def reader_required(view):
    """Anonymous visitors go to the login page (and come back); team accounts get a French 403 page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_reader(request.user):
            return TemplateResponse(request, "lecteurs/team_account.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped
