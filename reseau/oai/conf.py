"""Settings of the OAI-PMH repository, with defaults: `OAI_PMH = {...}` in the settings overrides them."""
import re
from urllib.parse import urlsplit

from django.conf import settings

DEFAULTS = {
    "PAGE_SIZE": 100,  # records or headers per ListRecords / ListIdentifiers answer
    "TOKEN_MAX_AGE": 7 * 24 * 3600,  # seconds a resumption token stays valid
    "REPOSITORY_IDENTIFIER": None,  # the domain in oai:<domain>:notice/<id>; default: the site's host
    "REPOSITORY_NAME": None,  # default: WAGTAIL_SITE_NAME
    "ADMIN_EMAILS": None,  # default: ADMINS, else DEFAULT_FROM_EMAIL
    "SETS": True,  # False: the repository announces no set hierarchy (noSetHierarchy)
}
# The oai-identifier scheme wants a registered domain name (letters first, at least one dot).
DOMAIN = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")
FALLBACK_DOMAIN = "crpv.local"


def get(name):
    return {**DEFAULTS, **getattr(settings, "OAI_PMH", {})}[name]


def repository_identifier():
    configured = get("REPOSITORY_IDENTIFIER")
    if configured:
        return configured
    host = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").hostname or ""
    return host if DOMAIN.match(host) else FALLBACK_DOMAIN


def repository_name():
    return get("REPOSITORY_NAME") or getattr(settings, "WAGTAIL_SITE_NAME", "") or "CRPV"


def admin_emails():
    configured = get("ADMIN_EMAILS")
    if configured:
        return list(configured)
    return [email for _name, email in getattr(settings, "ADMINS", [])] or [settings.DEFAULT_FROM_EMAIL]
