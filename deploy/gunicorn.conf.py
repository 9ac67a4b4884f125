"""Gunicorn's settings for the production stack (deploy/docker-compose.yml, benchmarks/production_stack.sh):
`gunicorn -c deploy/gunicorn.conf.py crpv_site.wsgi:application`. Each can be changed from the environment.

Worker model (benchmarks/run.sh load, BENCHMARKS.md): GUNICORN_WORKERS (4) sync processes, 2 per core. The mix is
CPU-bound in Python (a page-cache hit costs about 4 ms of CPU, a page built 30-60 ms): threads of one process
share its GIL, and gthread workers keep each keep-alive connection in the process that accepted it (in the
load test one of 3 processes served most requests while the others idled), whereas sync processes take one
request at a time from the shared socket and spread over both cores; 4 of them cover the waits on PostgreSQL
and OpenSearch. Measured on the loaded machine, page cache warm: 4 sync 23.7 req/s, 19 ms of CPU a request;
3 gthread x 4: 12.7 req/s, 26 ms. GUNICORN_THREADS above 1 switches to gthread. Workers are recycled after
GUNICORN_MAX_REQUESTS requests (with jitter, so not all at once) to bound any slow growth of their memory.
"""
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread" if threads > 1 else "sync")
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))  # gthread only: sync workers close each connection
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
