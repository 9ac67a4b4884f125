from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "crpv_site.page_cache"
    label = "crpv_page_cache"
    verbose_name = "Page cache"

    def ready(self):
        from . import signals

        signals.connect()
