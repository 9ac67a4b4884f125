"""Anonymous GET/HEAD requests for public pages answered from the shared cache.

A page is looked up under its full address (scheme, host, path and query) and the deploy's fingerprint, and used
only if it was built in the current content generation (crpv_site.cache): one read of the cache gets both. Never
for a visitor with a session or messages cookie or an Authorization header (logged-in editors and readers, a
reader's basket), nor under PAGE_CACHE_EXCLUDED_PATHS (admin, accounts, readers' pages, files, partner API, OAI,
suggestions, health). Only stored: a 200 of an HTML page, an RSS/Atom feed or JSON, that sets no cookie but the CSRF
one, does not vary on the cookies the request sent (the CSRF cookie aside) or on anything else than Cookie and
Accept-Language, is not marked private/no-cache/no-store, and whose
Content-Security-Policy names no nonce (a cached copy would repeat it: public pages use none). A stored page
keeps its headers (its policy included) and is served with `X-Cache: HIT` and `Age`; a stored miss says
`X-Cache: MISS`. PAGE_CACHE_SECONDS (0: off) bounds a copy's life as a safety net.

Anonymous forms (the basket buttons on every search and notice page, the info-doc form) keep working: the CSRF
tokens a stored page carries (found by what they unmask to: the request's CSRF secret) are stored as a
placeholder, and each hit gets the visitor's own token (from its CSRF cookie, or a new one) and the CSRF cookie,
as if the page had been built for it. So public templates may use `{% csrf_token %}`; nothing else per visitor.

Work queued for after the response (the search statistics: crpv_site.after_response) is stored with the page and
queued again on every hit, so a cached search or notice page is still counted.
"""
import re
import time

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.utils.cache import cc_delim_re

from crpv_site import cache as content
from crpv_site import after_response

METHODS = {"GET", "HEAD"}
TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/json")
VARY_ALLOWED = {"cookie", "accept-language"}
NO_STORE = {"private", "no-cache", "no-store"}
DIAGNOSTIC_HEADERS = {"x-cache", "age"}
DEFAULT_EXCLUDED = ("/admin/", "/compte/", "/mon-espace/", "/documents/", "/media/", "/static/", "/sante/",
                    "/api/v1/partenaires/", "/oai/", "/recherche/suggestions/", "/django-admin/")
MAX_BYTES = 2 * 1024 * 1024
TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")  # a masked CSRF token
PLACEHOLDER = b"{" + b"csrf-token".ljust(62, b"-") + b"}"


def excluded_paths():
    return tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", DEFAULT_EXCLUDED))


def private_cookies():
    return {settings.SESSION_COOKIE_NAME, "messages", *getattr(settings, "PAGE_CACHE_PRIVATE_COOKIES", ())}


def cookies_besides_csrf(cookies):
    return set(cookies.keys()) - {settings.CSRF_COOKIE_NAME}


def cacheable_request(request):
    return (request.method in METHODS and "HTTP_AUTHORIZATION" not in request.META
            and not private_cookies() & request.COOKIES.keys()
            and not request.path_info.startswith(excluded_paths()))


def header_values(response, name):
    return {value.strip().lower() for value in cc_delim_re.split(response.get(name, "")) if value.strip()}


def storable(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if cookies_besides_csrf(response.cookies):
        return False
    if not response.get("Content-Type", "").startswith(TYPES) or len(response.content) > MAX_BYTES:
        return False
    if {value.split("=")[0] for value in header_values(response, "Cache-Control")} & NO_STORE:
        return False
    vary = header_values(response, "Vary")
    if vary - VARY_ALLOWED or ("cookie" in vary and cookies_besides_csrf(request.COOKIES)):
        return False
    policies = response.get("Content-Security-Policy", "") + response.get("Content-Security-Policy-Report-Only", "")
    return "'nonce-" not in policies


def page_key(request):
    return f"page:{content.deploy_fingerprint()}:{request.build_absolute_uri()}"


def without_csrf_tokens(request, content):
    """The content with each CSRF token of this request (masked with its secret) replaced by the placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content, False

    def replace(match):
        token = match.group(0).decode()
        return PLACEHOLDER if _unmask_cipher_token(token) == secret else match.group(0)

    replaced = TOKEN.sub(replace, content)
    return replaced, replaced != content


def with_visitors_token(request, content):
    """The stored content with this visitor's CSRF token (its cookie's secret, or a new one) in the forms."""
    CsrfViewMiddleware(lambda request: None).process_request(request)  # reads the visitor's CSRF cookie
    return content.replace(PLACEHOLDER, get_token(request).encode())


def pending_work():
    return after_response.pending()  # e.g. the statistics queued while the page was built


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not cacheable_request(request):
            return self.get_response(request)
        cache, key = content.shared_cache(), page_key(request)
        found = cache.get_many([content.GENERATION_KEY, key])
        current = found.get(content.GENERATION_KEY) or content.generation(cache)
        entry = found.get(key)
        if entry and entry["generation"] == current:
            return self.hit(request, entry)
        response = self.get_response(request)
        if storable(request, response):
            self.store(request, cache, key, current, response, seconds)
        return response

    def store(self, request, cache, key, generation, response, seconds):
        headers = [(name, value) for name, value in response.items() if name.lower() not in DIAGNOSTIC_HEADERS]
        body, csrf = without_csrf_tokens(request, response.content)
        cache.set(key, {"generation": generation, "stored": time.time(), "headers": headers, "content": body,
                        "csrf": csrf, "replay": pending_work()}, seconds)
        response["X-Cache"] = "MISS"

    def hit(self, request, entry):
        body = with_visitors_token(request, entry["content"]) if entry["csrf"] else entry["content"]
        response = HttpResponse(body if request.method == "GET" else b"")
        for name, value in entry["headers"]:
            response[name] = value
        if entry["csrf"]:
            CsrfViewMiddleware(self.get_response).process_response(request, response)  # the CSRF cookie
        response["X-Cache"] = "HIT"
        response["Age"] = str(max(0, int(time.time() - entry["stored"])))
        for function, args in entry["replay"]:
            after_response.after_response(function, *args)
        return response
