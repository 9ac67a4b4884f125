"""Settings shared by every environment. No secret here: see dev/test/production."""
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parents[2]
SITE_DIR = BASE_DIR / "site"
VAR_DIR = Path(env("CRPV_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "home",
    "ressources",
    "ressources.annuaire",
    "ressources.agenda",
    "ressources.publications",
    "ressources.territoires",
    "ressources.actualites",
    "lecteurs",
    "infodoc",
    "reseau.contribution",
    "reseau.api",
    "reseau.oai",
    "reseau.club",
    "veille",
    "statistiques",
    "base_documentaire",
    "search",
    "crpv_site.security",  # request limits and login lockout on the shared cache, deployment checks
    "crpv_site.operations",  # backup_site / restore_site
    "crpv_site.page_cache",  # anonymous page cache and the content generation that invalidates it
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "allauth",
    "allauth.account",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "crpv_site.page_cache.middleware.PageCacheMiddleware",  # anonymous pages from the shared cache (off: 0 s)
    "crpv_site.csp.ContentSecurityPolicyMiddleware",  # Content-Security-Policy (site/settings/csp.py)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "crpv_site.hostile_input.ControlCharactersMiddleware",  # control characters in an address: a French 400
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "crpv_site.storage_outage.StorageOutageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "crpv_site.urls"
WSGI_APPLICATION = "crpv_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite file by default, any URL understood by dj-database-url otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"), conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0"))
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Readers' accounts (lecteurs, django-allauth): sign-up by e-mail, confirmed before the first login; editors keep
# the admin's own login (ModelBackend, by user name). allauth's rate limits are on (its defaults, default cache)
# but its per-account login_failed, replaced by the login lockout below.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend",
                           "allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "lecteurs:espace"
ACCOUNT_ADAPTER = "lecteurs.adapter.ReaderAccountAdapter"
ACCOUNT_USER_DISPLAY = "lecteurs.adapter.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a button confirms: mail scanners that follow links confirm nothing
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # only in the browser session that signed up
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))  # proxies in front (rate limits by IP)
# Login lockout on both logins, admin and readers (crpv_site.security.login_lockout): attempts per account from
# one address (cleared by a successful login or a new password) and per address; allauth's own per-account
# limit is replaced by it (it would let anyone lock a reader out from anywhere), its other limits stay.
LOGIN_LOCKOUT_ACCOUNT_RATE = env("LOGIN_LOCKOUT_ACCOUNT_RATE", "5/15m")
LOGIN_LOCKOUT_ADDRESS_RATE = env("LOGIN_LOCKOUT_ADDRESS_RATE", "30/15m")
ACCOUNT_RATE_LIMITS = {"login_failed": False}
WAGTAILADMIN_USER_LOGIN_FORM = "crpv_site.security.forms.AdminLoginForm"

# French product: French locale, Paris time, every user-facing string through gettext.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [SITE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))

# Files: local folder unless a bucket is named, then S3 through django-storages.
from .storage import document_serve_method, storages_setting  # noqa: E402

STORAGES = storages_setting(MEDIA_ROOT)
if document_serve_method(STORAGES):
    WAGTAILDOCS_SERVE_METHOD = document_serve_method(STORAGES)

# Content-Security-Policy on every page: strict and nonce-based, relaxed for Wagtail's admin only (crpv_site.csp).
from .csp import csp_settings  # noqa: E402

CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = csp_settings(SITE_DIR / "templates")

# Search: the embedded engine unless an OpenSearch or Elasticsearch URL is given.
from search.settings import search_settings  # noqa: E402

CRPV_SEARCH_ENGINE, WAGTAILSEARCH_BACKENDS = search_settings(VAR_DIR)

# Background work: Django's task framework (django-tasks backport).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# OCR of scanned PDFs in the task worker (base_documentaire/ocr.py, ocr_runner.py). Keys (defaults): enabled (True),
# tesseract ("tesseract": a command on PATH or a path), language ("fra"), max_pages (300), max_bytes (100 MB),
# timeout_s (1800 per file), memory_mb (3072, address space of OCRmyPDF and Tesseract), max_output_bytes (300 MB).
OCR = {"enabled": env("OCR_ENABLED", "true").lower() not in ("0", "false", "no"),
       "tesseract": env("OCR_TESSERACT", "tesseract")}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ne-pas-repondre@localhost")
# E-mail alerts (veille): a notice first published less than this many seconds ago waits for the next run
# (its transaction may not be committed yet).
ALERTS_SETTLE_SECONDS = int(env("ALERTS_SETTLE_SECONDS", "300"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", address) for address in env_list("ADMIN_EMAILS")]

WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "Centre de ressources politique de la ville")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# No autosave in the editors (Wagtail's default saves every 500 ms pause): an autosave still running on an
# add form when « Enregistrer le brouillon » is clicked created the notice twice (a page: a 500 or a slug error).
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "pptx", "csv", "txt"]  # the upload checks refuse archives

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Task and page-event chatter drowns real messages at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("django_tasks", "wagtail", "opensearch", "elastic_transport")},
}

WAGTAILDOCS_DOCUMENT_MODEL = "base_documentaire.Fichier"
# The admin checks an upload like the partners' API: type read from the content, size limit.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "base_documentaire.files_service.FichierForm"

# Code of the Contributeur the centre's own publications are catalogued under (empty: the oldest).
CRPV_CONTRIBUTEUR_CODE = env("CRPV_CONTRIBUTEUR_CODE", "")

# Anonymous page cache (crpv_site.page_cache): a copy's longest life in seconds (0: off; production: 600), on top
# of the content generation that every publish, save or delete of public content bumps; fragments' longest life.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "0"))
PAGE_CACHE_FRAGMENT_SECONDS = int(env("PAGE_CACHE_FRAGMENT_SECONDS", "3600"))
PAGE_CACHE_VERSION = env("PAGE_CACHE_VERSION", "")  # e.g. the deployed commit: a new value starts an empty cache

# Partner API: requests per token ("300/minute"; second, minute, hour or day), in the default cache.
PARTNER_API_THROTTLE_RATE = env("PARTNER_API_THROTTLE_RATE", "300/minute")

# OAI-PMH repository (reseau/oai/conf.py has the other options). Its identifiers must never change:
# production names the public domain here (default: the host of WAGTAILADMIN_BASE_URL).
OAI_PMH = {"REPOSITORY_IDENTIFIER": env("OAI_REPOSITORY_IDENTIFIER", "") or None}
