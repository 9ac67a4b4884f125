"""The production stack's gunicorn settings (deploy/gunicorn.conf.py), used by docker-compose, the image and the
load test's stack alike: the measured default (4 sync processes, recycled), each changeable from the
environment."""
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


def settings_with(monkeypatch, **environment):
    for name in [name for name in __import__("os").environ if name.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_the_default_is_four_sync_processes_recycled_after_1000_requests(monkeypatch):
    config = settings_with(monkeypatch)
    assert (config["workers"], config["threads"], config["worker_class"]) == (4, 1, "sync")
    assert (config["max_requests"], config["max_requests_jitter"], config["timeout"]) == (1000, 100, 60)
    assert config["bind"] == "0.0.0.0:8000" and config["accesslog"] == "-"


def test_the_environment_changes_it_threads_mean_gthread_workers(monkeypatch):
    config = settings_with(monkeypatch, GUNICORN_WORKERS="3", GUNICORN_THREADS="4", GUNICORN_MAX_REQUESTS="0",
                           GUNICORN_ACCESS_LOG="")
    assert (config["workers"], config["threads"], config["worker_class"]) == (3, 4, "gthread")
    assert config["max_requests"] == 0 and config["accesslog"] is None


def test_every_way_of_starting_the_site_uses_it():
    for path in ("deploy/docker-compose.yml", "deploy/Dockerfile", "benchmarks/production_stack.sh"):
        assert "gunicorn.conf.py" in (ROOT / path).read_text(), path
