"""Load test of the production stack (benchmarks/production_stack.sh) with locust, used as a library.

    python -m benchmarks.load STATE_DIR     (the stack's folder: reads STACK_URL from STATE_DIR/stack.env)

LOAD_USERS (16) concurrent users, no think time (each sends its next request when the last one is answered) unless
LOAD_RATE (requests per second for all users together) paces them: each user then waits so as to send at most
LOAD_RATE / LOAD_USERS a second (locust's constant_throughput), the latencies of a site receiving that traffic;
LOAD_WARMUP seconds (10) not counted, then LOAD_SECONDS (60) measured, or, with LOAD_REQUESTS (e.g. 20000: the
long run for the memory check), until that many requests are answered (at most LOAD_MAX_SECONDS, 1800); loopback
only. The mix, by weight: the documentary search with facets, the JSON API, notice pages, home, agenda, the RSS
feeds, and now and then an info-doc request (GET the form, POST it: 302 expected). Searches as readers make them:
LOAD_POPULAR_SHARE (0.5) of them among 80 popular searches (the same few words and facets, a Zipf law, as search
logs show), the others drawn at random from the words, themes, territories, types, years, sorts and pages of the
seeds' vocabularies; notice pages among 800+ (a Zipf law too) found through the API before the run.
Per kind, the page cache's answers (X-Cache: HIT, MISS, none when not cacheable) give its hit ratio.
Every request carries X-Forwarded-Proto: https, as the TLS proxy would (production keeps SECURE_SSL_REDIRECT),
and X-Forwarded-For with the user's own address (the stack sets ALLAUTH_TRUSTED_PROXY_COUNT=1); each info-doc
submission comes from another address (another reader: the limit, 5 an hour per address, is not what is measured). Prints a Markdown table:
requests, req/s, p50/p95/p99 per kind and overall, errors, the page cache's hits, and the RSS of the gunicorn
workers (with their pids: a recycled worker has a new one) at start and end.
"""
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
import psutil
from locust import FastHttpUser, constant, constant_throughput, task
from locust.env import Environment

from . import synthetic

USERS = int(os.environ.get("LOAD_USERS", "16"))
WARMUP = float(os.environ.get("LOAD_WARMUP", "10"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
REQUESTS = int(os.environ.get("LOAD_REQUESTS", "0"))
MAX_SECONDS = float(os.environ.get("LOAD_MAX_SECONDS", "1800"))
RATE = float(os.environ.get("LOAD_RATE", "0"))
POPULAR_SHARE = float(os.environ.get("LOAD_POPULAR_SHARE", "0.5"))
WORDS = ["quartiers", "QPV", "emploi des jeunes", "santé mentale", "réussite éducative", "rénovation urbaine",
         "participation des habitants", "conseils citoyens", "mobilité", "inclusion numérique", "ESS",
         "égalité femmes-hommes", "logement social", "GUSP", "médiation sociale", "alimentation", "sport",
         "transition écologique", "contrat de ville", "observatoire", "jeunes", "culture", "discriminations"]
SORTS = ["pertinence", "date", "titre"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;,\s]+)")
NOTICE_PATHS = []  # filled from the API before the run
CACHE_ANSWERS = defaultdict(Counter)  # {request kind: {"HIT"/"MISS"/"none": count}}


def zipf_weights(count):
    return list(accumulate(1 / rank for rank in range(1, count + 1)))


def popular(make, count=80, seed=17):
    rng = random.Random(seed)
    return [make(rng) for _ in range(count)]


def search_params(rng):
    """A search as readers make them: words, sometimes a facet or two, a sort, a year range."""
    words = WORDS + [theme.lower() for theme in synthetic.THEMES]
    params = [("q", rng.choice(words))] if rng.random() < 0.85 else []
    if rng.random() < 0.5:
        params.append(("theme", rng.choice(synthetic.THEMES)))
    if rng.random() < 0.3:
        params.append(("territoire", rng.choice(synthetic.TERRITORIES)))
    if rng.random() < 0.2:
        params.append(("type", rng.choice(synthetic.TYPES)))
    if rng.random() < 0.2:
        params += [("annee_min", rng.randint(1995, 2015)), ("annee_max", 2026)]
    if rng.random() < 0.3:
        params.append(("tri", rng.choice(SORTS)))
    if rng.random() < 0.2:
        params.append(("page", rng.randint(2, 4)))
    return urlencode(params)


POPULAR_SEARCHES = popular(search_params)
POPULAR_WEIGHTS = zipf_weights(len(POPULAR_SEARCHES))


def reader_search(rng):
    if rng.random() < POPULAR_SHARE:
        return rng.choices(POPULAR_SEARCHES, cum_weights=POPULAR_WEIGHTS)[0]
    return search_params(rng)


class Reader(FastHttpUser):
    wait_time = constant_throughput(RATE / USERS) if RATE else constant(0)

    def on_start(self):
        self.rng = random.Random()
        address = ".".join(str(self.rng.randint(1, 254)) for _ in range(3))  # a new reader on each run
        self.headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": f"10.{address}"}

    def get(self, path, name):
        with self.client.get(path, headers=self.headers, name=name, catch_response=True) as response:
            CACHE_ANSWERS[name][response.headers.get("X-Cache") or "none"] += 1
            if response.status_code != 200:
                response.failure(f"{response.status_code}")

    @task(30)
    def search(self):
        self.get(f"/base-documentaire/?{reader_search(self.rng)}", "search page (facets)")

    @task(12)
    def api(self):
        self.get(f"/api/v1/notices/?{reader_search(self.rng)}&page_size=20", "JSON API search")

    @task(25)
    def notice(self):
        self.get(self.rng.choices(NOTICE_PATHS, cum_weights=NOTICE_WEIGHTS)[0], "notice page")

    @task(12)
    def home(self):
        self.get("/", "home")

    @task(6)
    def agenda(self):
        self.get("/agenda/", "agenda")

    @task(6)
    def feeds(self):
        if self.rng.random() < 0.5:
            self.get(f"/base-documentaire/flux/?q={self.rng.choice(WORDS)}", "RSS feeds")
        else:
            self.get("/actualites/flux/", "RSS feeds")

    @task(1)
    def infodoc(self):
        form = "/service-info-doc/demande-info-doc/"
        response = self.client.get(form, headers=self.headers, name="info-doc form (GET)")
        CACHE_ANSWERS["info-doc form (GET)"][response.headers.get("X-Cache") or "none"] += 1
        token = CSRF_INPUT.search(response.text or "")
        cookie = CSRF_COOKIE.search(response.headers.get("Set-Cookie") or "")
        if not token or not cookie:
            return
        data = {"csrfmiddlewaretoken": token.group(1), "nom": "Camille Test", "organisation": "Ville de Cergy",
                "type_structure": "ville", "email": f"lecteur{self.rng.randint(1, 99999)}@exemple.fr",
                "territoire_libelle": "Val-d'Oise", "consentement": "on",
                "question": "Auriez-vous des retours d'expériences sur la participation des habitants ?"}
        sender = ".".join(str(self.rng.randint(1, 254)) for _ in range(3))  # each request from another reader
        headers = dict(self.headers, Cookie=f"csrftoken={cookie.group(1)}", Referer=f"https://{urlsplit(self.host).netloc}{form}",
                       **{"X-Forwarded-For": f"10.{sender}"},
                       **{"Content-Type": "application/x-www-form-urlencoded"})
        with self.client.post(form, data=urlencode(data), headers=headers, allow_redirects=False,
                              name="info-doc request (POST, 302)", catch_response=True) as answer:
            if answer.status_code == 429:
                answer.failure("429 (rate limit)")
            elif answer.status_code != 302:
                answer.failure(f"{answer.status_code}")


def stack_url(state):
    for line in (Path(state) / "stack.env").read_text().splitlines():
        if line.startswith("STACK_URL="):
            return line.split("=", 1)[1]
    raise SystemExit(f"no STACK_URL in {state}/stack.env")


def notice_paths(env_host):
    """800+ notice pages (the API's first pages for a few words), shuffled once: their Zipf ranks are arbitrary."""
    import json
    import urllib.request
    paths = []
    for query in ("quartiers", "emploi", "santé", "logement", "jeunes", "culture", "mobilité", "habitants"):
        for page in (1, 2):
            query_string = urlencode({"q": query, "page_size": 100, "page": page})
            request = urllib.request.Request(f"{env_host}/api/v1/notices/?{query_string}",
                                             headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=30) as answer:
                paths += [urlsplit(item["url"]).path for item in json.load(answer)["results"]]
    paths = sorted(set(paths))
    random.Random(3).shuffle(paths)
    return paths


NOTICE_WEIGHTS = []


def workers_rss(state):
    """{pid: RSS in MiB} of each gunicorn worker (children of the master named in gunicorn.pid)."""
    master = psutil.Process(int((Path(state) / "gunicorn.pid").read_text()))
    return {child.pid: child.memory_info().rss / 1048576 for child in master.children()}


def cache_row(name, answers):
    total = sum(answers.values()) or 1
    return (f"| {name} | {answers['HIT']} | {answers['MISS']} | {answers['none']} | "
            f"{100 * answers['HIT'] / total:.0f} % |")


def measure(env):
    """LOAD_SECONDS, or until LOAD_REQUESTS requests were answered (at most LOAD_MAX_SECONDS)."""
    if not REQUESTS:
        gevent.sleep(SECONDS)
        return
    deadline = time.monotonic() + MAX_SECONDS
    while env.stats.total.num_requests < REQUESTS and time.monotonic() < deadline:
        gevent.sleep(1)


def stack_processes(state):
    """The main process of each part a request costs: gunicorn, PostgreSQL, OpenSearch, MinIO."""
    state = Path(state)
    mains = {}
    for name, pid_file in (("gunicorn", "gunicorn.pid"), ("PostgreSQL", "postgres/data/postmaster.pid"),
                           ("OpenSearch", "opensearch/pid"), ("MinIO", "minio/pid")):
        try:
            mains[name] = psutil.Process(int((state / pid_file).read_text().split()[0]))
        except (OSError, ValueError, psutil.Error):
            continue
    return mains


def cpu_seconds(mains):
    """CPU seconds (user + system) of each main process and its descendants so far, those that ended included
    (their time is added to the parent's children times when it reaps them: PostgreSQL's backends)."""
    used = {}
    for name, main in mains.items():
        times = main.cpu_times()
        total = times.user + times.system + times.children_user + times.children_system
        for child in main.children(recursive=True):
            try:
                times = child.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        used[name] = total
    return used


def row(name, entry, seconds):
    percentile = entry.get_response_time_percentile
    return (f"| {name} | {entry.num_requests} | {entry.num_requests / seconds:.1f} | {percentile(0.5):.0f} | "
            f"{percentile(0.95):.0f} | {percentile(0.99):.0f} | {entry.num_failures} |")


def main(state):
    host = stack_url(state)
    NOTICE_PATHS.extend(notice_paths(host))
    NOTICE_WEIGHTS.extend(zipf_weights(len(NOTICE_PATHS)))
    rss_start = workers_rss(state)
    env = Environment(user_classes=[Reader], host=host)
    runner = env.create_local_runner()
    load_start = os.getloadavg()
    runner.start(USERS, spawn_rate=USERS)
    gevent.sleep(WARMUP)
    env.stats.reset_all()
    CACHE_ANSWERS.clear()
    groups = stack_processes(state)
    client = psutil.Process()
    cpu_start, client_start, started = cpu_seconds(groups), sum(client.cpu_times()[:2]), time.monotonic()
    measure(env)
    seconds, cpu_end, client_end = time.monotonic() - started, cpu_seconds(groups), sum(client.cpu_times()[:2])
    requests = max(env.stats.total.num_requests, 1)
    runner.quit()
    rss_end = workers_rss(state)
    pacing = f"paced to {RATE:g} req/s in all" if RATE else "no think time"
    print(f"\n{USERS} users, {pacing}, {WARMUP:.0f} s warm-up then {seconds:.0f} s measured, {host}; "
          f"{len(NOTICE_PATHS)} notice pages; load average {load_start[0]:.2f} at start, "
          f"{os.getloadavg()[0]:.2f} at end\n")
    print("| request | count | req/s | p50 (ms) | p95 (ms) | p99 (ms) | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for (name, _method), entry in sorted(env.stats.entries.items()):
        print(row(name, entry, seconds))
    print(row("**all**", env.stats.total, seconds))
    print("\n| request | page cache HIT | MISS | not cacheable | hit ratio |")
    print("| --- | --- | --- | --- | --- |")
    for name, answers in sorted(CACHE_ANSWERS.items()):
        print(cache_row(name, answers))
    print(cache_row("**all**", sum(CACHE_ANSWERS.values(), Counter())))
    print(f"\nGunicorn workers' RSS (MiB) by pid: start {', '.join(f'{p}: {r:.0f}' for p, r in rss_start.items())}; "
          f"end {', '.join(f'{p}: {r:.0f}' for p, r in rss_end.items())}")
    costs = {name: (cpu_end[name] - cpu_start[name]) * 1000 / requests for name in groups}
    print("CPU time per request (ms), whatever the machine's other load: "
          + ", ".join(f"{name} {cost:.0f}" for name, cost in costs.items())
          + f"; in all {sum(costs.values()):.0f}, so at most {psutil.cpu_count() * 1000 / max(sum(costs.values()), 1):.0f} req/s "
          f"on {psutil.cpu_count()} dedicated cores (the load client: {(client_end - client_start) * 1000 / requests:.0f})")
    for error in env.stats.errors.values():
        print(f"- {error.name}: {error.error} ×{error.occurrences}")
    return env.stats.total.num_failures


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m benchmarks.load STATE_DIR (started by benchmarks/production_stack.sh)")
    sys.exit(1 if main(sys.argv[1]) else 0)
