"""On login, the basket built before signing in joins the reader's current basket."""
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import basket
from .access import is_reader


@receiver(user_logged_in, dispatch_uid="lecteurs_merge_basket")
def merge_basket(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and is_reader(user):
        basket.merge_into_account(request.session, user)
