"""The production settings plus Django's per-site cache of anonymous GET pages (STACK_PAGE_CACHE_SECONDS, 60),
in the production cache (the database cache): measures what an anonymous page cache would bring under load
(`STACK_SETTINGS=benchmarks.stack_page_cache benchmarks/production_stack.sh app DIR`). Not deployable as is:
nothing invalidates a cached page on publish, and a cached page repeats its Content-Security-Policy nonce."""
from crpv_site.settings.production import *  # noqa: F401,F403
from crpv_site.settings.production import MIDDLEWARE, env

MIDDLEWARE = ["django.middleware.cache.UpdateCacheMiddleware", *MIDDLEWARE,
              "django.middleware.cache.FetchFromCacheMiddleware"]
CACHE_MIDDLEWARE_SECONDS = int(env("STACK_PAGE_CACHE_SECONDS", "60"))
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
