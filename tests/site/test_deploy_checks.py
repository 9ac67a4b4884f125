"""`manage.py check --deploy` on the production settings refuses the example secret keys written in the
repository (deploy/env.example, the image build, the dev and test settings) and any short one."""
import re
from pathlib import Path

import pytest

from crpv_site.security.checks import EXAMPLE_KEYS, check_rates, check_secret_key
from tests.site.test_deploy_check import PRODUCTION_ENV, _manage

ROOT = Path(__file__).resolve().parents[2]


def written_keys():
    """Every SECRET_KEY value the repository's deployment files and settings write down."""
    found = set(re.findall(r"SECRET_KEY=(\S+)", (ROOT / "deploy" / "env.example").read_text()))
    found |= set(re.findall(r"SECRET_KEY=(\S+)", (ROOT / "deploy" / "Dockerfile").read_text()))
    for name in ("dev", "test"):
        found |= set(re.findall(r'SECRET_KEY = (?:env\("SECRET_KEY", )?"([^"]+)"',
                                (ROOT / "site" / "settings" / f"{name}.py").read_text()))
    return found


def test_every_key_written_in_the_repository_is_known_as_an_example():
    keys = written_keys()
    assert len(keys) >= 4 and "change-me-to-a-long-random-string" in keys
    assert keys <= EXAMPLE_KEYS


@pytest.mark.parametrize("key", ["change-me-to-a-long-random-string", "build-only-not-secret"])
def test_check_deploy_refuses_the_example_key(key):
    result = _manage("check", "--deploy", SECRET_KEY=key)
    assert result.returncode != 0
    assert "crpv_security.E001" in result.stderr and "SECRET_KEY est une clé d'exemple" in result.stderr


def test_check_deploy_refuses_a_short_key():
    result = _manage("check", "--deploy", SECRET_KEY="court-mais-pas-un-exemple")
    assert result.returncode != 0
    assert "crpv_security.E002" in result.stderr and "trop courte" in result.stderr


def test_check_deploy_accepts_the_documented_kind_of_key():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert PRODUCTION_ENV["SECRET_KEY"] not in EXAMPLE_KEYS


@pytest.mark.parametrize("key,error", [("", "crpv_security.E002"), ("a" * 60, "crpv_security.E002"),
                                       ("django-insecure-" + "x1y2z3" * 10, "crpv_security.E001"),
                                       ("CHANGEME", "crpv_security.E001")])
def test_the_check_refuses_empty_repetitive_and_placeholder_keys(settings, key, error):
    settings.SECRET_KEY = key
    assert [message.id for message in check_secret_key()] == [error]


def test_the_check_runs_only_with_deploy():
    result = _manage("check", SECRET_KEY="change-me-to-a-long-random-string")
    assert result.returncode == 0, result.stderr


def test_an_unreadable_rate_stops_the_site_at_start(settings):
    assert check_rates() == []
    settings.LOGIN_LOCKOUT_ACCOUNT_RATE = "cinq par minute"
    (error,) = check_rates()
    assert error.id == "crpv_security.E003" and "LOGIN_LOCKOUT_ACCOUNT_RATE" in error.msg
    result = _manage("check", PARTNER_API_THROTTLE_RATE="beaucoup")
    assert result.returncode != 0 and "crpv_security.E003" in result.stderr
