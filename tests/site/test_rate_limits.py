"""Rate limits on the shared cache (crpv_site.security.ratelimit): atomic under concurrency on production's
cache — the database cache on PostgreSQL — for the partner API (per token) and the info-doc form (per
address); the production settings name that cache, and `migrate` makes its table."""
import time
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from crpv_site.security.ratelimit import Limiter, Rate
from crpv_site.settings.cache import DATABASE, DATABASE_CACHE_TABLE, caches_setting

CONCURRENT = 10


@pytest.fixture
def database_cache(settings):
    """Production's default cache: the database cache, its table made as `migrate` makes it."""
    settings.CACHES = {"default": DATABASE}
    call_command("createcachetable", verbosity=0)
    cache.clear()
    yield cache
    cache.clear()


def at_once(count, work):
    """Run work(index) in `count` threads released together, each on its own database connection."""
    barrier = Barrier(count)

    def run(index):
        try:
            barrier.wait()
            return work(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_rates_read_drf_and_short_notations():
    assert Rate.parse("300/minute") == Rate(300, 60)
    assert Rate.parse("5/15m") == Rate(5, 900)
    assert Rate.parse("20/h") == Rate(20, 3600) and Rate.parse("2/days") == Rate(2, 86400)
    assert Rate.parse("1/2d") == Rate(1, 172800)
    assert Rate.parse("") is None
    with pytest.raises(ValueError, match="300/minute"):
        Rate.parse("beaucoup")


def test_a_limiter_counts_per_identity_and_window():
    limiter = Limiter("essai", Rate(3, 60))
    start = 60 * 20_000 + 20.0  # 20 s into a minute
    assert [limiter.hit("a", now=start).allowed for _ in range(4)] == [True, True, True, False]
    refused = limiter.hit("a", now=start + 1)
    assert not refused.allowed and refused.retry_after == 39  # the window ends 39 s later
    assert not limiter.peek("a", now=start).allowed and limiter.peek("b", now=start).allowed
    assert limiter.hit("b", now=start).allowed
    assert limiter.hit("a", now=start + 40).allowed  # next window


def test_production_names_the_database_cache_unless_cache_url_says_redis():
    assert caches_setting("", default=DATABASE)["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches_setting("", default=DATABASE)["default"]["LOCATION"] == DATABASE_CACHE_TABLE
    redis = caches_setting("redis://cache.example.org:6379/0", default=DATABASE)["default"]
    assert redis == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://cache.example.org:6379/0"}
    from django.core.exceptions import ImproperlyConfigured
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        caches_setting("memcached://x", default=DATABASE)


def test_the_production_settings_module_uses_the_shared_cache():
    from tests.site.test_deploy_check import _manage

    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    assert _manage("shell", "-c", code).stdout.split()[-1] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrate_makes_the_database_cache_table(settings):
    settings.CACHES = {"default": DATABASE}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {DATABASE_CACHE_TABLE}")
    call_command("migrate", verbosity=0)
    assert DATABASE_CACHE_TABLE in connection.introspection.table_names()
    assert cache.add("essai", 1) and cache.get("essai") == 1


@pytest.mark.django_db
def test_the_database_cache_counts_like_memory(database_cache):
    limiter = Limiter("essai-db", Rate(2, 3600))
    assert [limiter.hit("x").allowed for _ in range(3)] == [True, True, False]
    with mock.patch("crpv_site.security.ratelimit.time.time", return_value=time.time() + 3600):
        assert limiter.hit("x").allowed


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_hits_never_pass_the_limit_together_on_postgresql(database_cache):
    assert connection.vendor == "postgresql"
    limiter = Limiter("essai-concurrent", Rate(4, 3600))
    allowed = at_once(CONCURRENT * 2, lambda _index: limiter.hit("même-clé").allowed)
    assert allowed.count(True) == 4


# The partner API, per token.

@pytest.fixture
def partner_key():
    from django.contrib.auth import get_user_model

    from base_documentaire.models import Contributeur
    from reseau.api.models import JetonApi

    contributeur = Contributeur.objects.create(code="vto", nom="Villes et territoires")
    user = get_user_model().objects.create_user("vto-api", "vto-api@example.org", "x")
    jeton = JetonApi(nom="Export PMB", contributeur=contributeur, user=user)
    key = jeton.generate_key()
    jeton.save()
    return key


def api_get(key):
    return Client().get("/api/v1/partenaires/notices/", HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_api_requests_of_one_token_never_pass_its_limit(settings, database_cache, partner_key):
    """Ten requests at once with a limit of three: three answered, seven told to come back (429, Retry-After,
    French). DRF's own throttle (read, append, write back) let them all through."""
    assert connection.vendor == "postgresql"
    settings.PARTNER_API_THROTTLE_RATE = "3/hour"
    responses = at_once(CONCURRENT, lambda _index: api_get(partner_key))
    assert sorted(response.status_code for response in responses) == [200] * 3 + [429] * 7
    refused = next(response for response in responses if response.status_code == 429)
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert refused.json()["errors"]["non_field_errors"][0].startswith("Trop de requêtes pour cette clé d'API")
    assert api_get(partner_key).status_code == 429


# The info-doc form, per address.

@pytest.fixture
def request_page():
    from wagtail.models import Page

    from infodoc import seed_figures
    from infodoc.models import DemandeInfoDocPage

    seed_figures.ensure_territories()
    home = Page.objects.get(depth=1).get_children().first()
    page = home.add_child(instance=DemandeInfoDocPage(title="Service info-doc", slug="demande-info-doc",
                                                       texte_donnees="<p>Vos données servent à répondre.</p>"))
    page.save_revision().publish()
    return page


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_info_doc_submissions_from_one_address_never_pass_the_limit(database_cache, request_page):
    """Ten submissions at once from one address, on every worker's shared cache: five recorded, five refused."""
    from infodoc.models import DemandeInfoDoc
    from infodoc.spam import RATE_LIMIT

    assert connection.vendor == "postgresql"

    def submit(index):
        data = {"nom": "Awa Diallo", "organisation": "Ville de Sarcelles", "type_structure": "ville",
                "email": f"awa{index}@example.org", "telephone": "01 34 00 00 00", "territoire_libelle": "sarcelles",
                "question": "Quels cabinets ont évalué les contrats de ville ?", "echeance_souhaitee": "",
                "consentement": "on"}
        return Client().post(request_page.url, data, REMOTE_ADDR="192.0.2.10").status_code

    statuses = at_once(CONCURRENT, submit)
    assert DemandeInfoDoc.objects.count() == RATE_LIMIT
    assert sorted(statuses) == [302] * RATE_LIMIT + [429] * (CONCURRENT - RATE_LIMIT)
