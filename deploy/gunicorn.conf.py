"""Gunicorn's settings for the production stack (deploy/docker-compose.yml, benchmarks/production_stack.sh):
`gunicorn -c deploy/gunicorn.conf.py crpv_site.wsgi:application`. Each can be changed from the environment.

Worker model (benchmarks/run.sh load, BENCHMARKS.md): GUNICORN_WORKERS processes of GUNICORN_THREADS threads
(gthread). Threads let a process answer page-cache hits and run Python while another request of the same process
waits for PostgreSQL or OpenSearch; a handful of processes (not more than 2 per core: requests are mostly CPU)
keep memory bounded. Workers are recycled after GUNICORN_MAX_REQUESTS requests (with jitter, so not all at once)
to bound any slow growth of their memory.
"""
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread" if threads > 1 else "sync")
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))  # behind the reverse proxy's keep-alive connections
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
