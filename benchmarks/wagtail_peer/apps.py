from django.apps import AppConfig


class WagtailPeerConfig(AppConfig):
    name = "benchmarks.wagtail_peer"
    label = "wagtail_peer"
    default_auto_field = "django.db.models.BigAutoField"
