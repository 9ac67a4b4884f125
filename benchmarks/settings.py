"""Settings of the search benchmark's Wagtail peer: the development settings, plus the
benchmark-only app benchmarks.wagtail_peer and Wagtail's own database search backend
(PostgreSQL full text with the "french" configuration, or SQLite FTS5), as a Wagtail developer
would configure it. DATABASE_URL chooses the database; never used by the site itself."""
from crpv_site.settings.dev import *  # noqa: F401,F403
from crpv_site.settings.dev import DATABASES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.wagtail_peer"]

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french"  # PostgreSQL's French stemmer and stop words
