"""Production: every secret and service address comes from the environment (see README)."""
from .base import *  # noqa: F401,F403
from .env import env, env_bool, env_list, env_required
from .cache import DATABASE as DATABASE_CACHE, caches_setting

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"  # Wagtail re-allows SAMEORIGIN on its own preview views

# One cache for every process (request limits, login lockout): the database cache unless CACHE_URL names Redis.
CACHES = caches_setting(env("CACHE_URL"), default=DATABASE_CACHE)
# Anonymous pages from that cache (crpv_site.page_cache), invalidated on every change of public content;
# PAGE_CACHE_SECONDS is the safety net's longest life (0 turns the page cache off).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
