"""Development: SQLite, embedded search, local files; e-mails to the SMTP server the environment names (the
Mailpit scripts/run.sh starts: its inbox URL is printed), else printed on the console."""
from .base import *  # noqa: F401,F403
from .base import MEDIA_ROOT, VAR_DIR
from .env import env, env_list
from .storage import storages_setting

DEBUG = True
# Development only: production refuses to start without its own SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if env("EMAIL_HOST")
                    else "django.core.mail.backends.console.EmailBackend")
STORAGES = storages_setting(MEDIA_ROOT, static_backend="django.contrib.staticfiles.storage.StaticFilesStorage")

VAR_DIR.mkdir(parents=True, exist_ok=True)  # holds the SQLite database, search index and media
