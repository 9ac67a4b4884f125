"""`manage.py check --deploy` refuses a secret key anyone can read: the examples of deploy/, the README, the
image build, the dev and test settings, and any short or repetitive key (Django itself only warns). Every
`check` (and so every start) refuses a rate limit it cannot read."""
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .ratelimit import Rate

# Every key written in this repository, and the placeholders people type.
EXAMPLE_KEYS = frozenset({
    "change-me-to-a-long-random-string",  # deploy/env.example
    "build-only-not-secret",  # deploy/Dockerfile (collectstatic during the image build)
    "dev-only-insecure-key",  # settings/dev.py
    "test-only-key",  # settings/test.py
    "changeme", "change-me", "secret", "secret-key", "your-secret-key",
})
MIN_LENGTH = 50  # Django's own recommendation (security.W009)
MIN_DISTINCT_CHARACTERS = 5


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs):
    try:
        key = settings.SECRET_KEY or ""
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    hint = "Générez-en une : python -c \"import secrets; print(secrets.token_urlsafe(50))\""
    if key.strip().casefold() in EXAMPLE_KEYS or key.startswith("django-insecure-"):
        return [checks.Error("SECRET_KEY est une clé d'exemple, publiée avec le code : quiconque peut signer les "
                             "sessions et les liens de réinitialisation du site.", hint=hint,
                             id="crpv_security.E001")]
    if len(key) < MIN_LENGTH or len(set(key)) < MIN_DISTINCT_CHARACTERS:
        return [checks.Error(f"SECRET_KEY est vide ou trop courte : au moins {MIN_LENGTH} caractères aléatoires "
                             f"({MIN_DISTINCT_CHARACTERS} différents au moins).", hint=hint,
                             id="crpv_security.E002")]
    return []


RATE_SETTINGS = ("PARTNER_API_THROTTLE_RATE", "LOGIN_LOCKOUT_ACCOUNT_RATE", "LOGIN_LOCKOUT_ADDRESS_RATE")


@checks.register(checks.Tags.security)
def check_rates(app_configs=None, **kwargs):
    errors = []
    for name in RATE_SETTINGS:
        try:
            Rate.parse(getattr(settings, name, ""))
        except ValueError:
            errors.append(checks.Error(f"{name} = {getattr(settings, name)!r} n'est pas une limite lisible.",
                                       hint="Un nombre, « / », puis une durée : « 300/minute », « 5/15m », « 20/h ».",
                                       id="crpv_security.E003"))
    return errors
