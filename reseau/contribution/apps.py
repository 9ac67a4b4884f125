from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionConfig(AppConfig):
    """Partner accounts (one contributeur each), what they may do in the admin, moderation."""

    name = "reseau.contribution"
    label = "contribution"
    verbose_name = _("Partner contributions")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.permissions import register_permission_policy

        from base_documentaire.models import Notice

        from . import notifications, partners
        from .models import ComptePartenaire
        from .permissions import NoticePermissionPolicy

        # Before any viewset asks for Notice's policy (which would create the default one).
        register_permission_policy(Notice, NoticePermissionPolicy(Notice))
        notifications.connect()
        post_save.connect(lambda instance, raw=False, **kwargs: raw or partners.sync_account(instance),
                          sender=ComptePartenaire, dispatch_uid="contribution_sync_account", weak=False)
        post_delete.connect(lambda instance, **kwargs: partners.unlink_account(instance),
                            sender=ComptePartenaire, dispatch_uid="contribution_unlink_account", weak=False)
