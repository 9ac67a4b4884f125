from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "crpv_site.security"
    label = "crpv_security"
    verbose_name = "Sécurité"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_migrate, post_save

        from . import checks  # noqa: F401  (registers the deployment checks)
        from .login_lockout import clear_on_password_change

        post_save.connect(clear_on_password_change, sender=settings.AUTH_USER_MODEL,
                          dispatch_uid="crpv_security_clear_on_password_change")
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="crpv_security_create_cache_table")


def create_cache_table(using="default", verbosity=0, **kwargs):
    """`migrate` also makes the database cache's table (production's shared cache) when it is missing: every
    deployment, scripts/run.sh and the test database get it with no extra step (nothing to do for other caches)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=verbosity)
