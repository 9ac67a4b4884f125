"""Partner API throughput through the Django test client (the whole stack but the network):
creating notices (JSON validated by the import pipeline, draft revision, workflow submission,
outbox) and listing them by pages of 100 (latest revisions, statuses, labels)."""
import os
import time

import django

# Throughput, not the per-token limit (reseau/api/throttling.py): 620 requests in well under a minute.
os.environ.setdefault("PARTNER_API_THROTTLE_RATE", "")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from base_documentaire.models import Contributeur  # noqa: E402
from reseau.api.models import JetonApi  # noqa: E402

from . import synthetic  # noqa: E402

NOTICES = int(os.environ.get("BENCH_API_NOTICES", "500"))
LIST_ROUNDS = int(os.environ.get("BENCH_API_LIST_ROUNDS", "20"))
BASE = "/api/v1/partenaires/notices/"


def partner_client():
    contributeur, _created = Contributeur.objects.get_or_create(code="bench-api", defaults={"nom": "Centre API"})
    user, _created = get_user_model().objects.get_or_create(username="bench-api")
    jeton = JetonApi(nom="Benchmark", contributeur=contributeur, user=user)
    key = jeton.generate_key()
    jeton.save()
    return Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {key}")


def body(doc):
    return {"id": f"api-{doc['id']}", "titre": doc["titre"], "resume": doc["resume"], "type": doc["type"][0],
            "auteurs": [doc["auteurs"]], "annee": int(doc["annee"][0]), "themes": doc["theme"],
            "territoires": doc["territoire"], "langue": "fre", "mots_cles": ["benchmark"]}


def timed(count, request):
    started = time.perf_counter()
    for number in range(count):
        response = request(number)
        assert response.status_code in (200, 201), response.content[:300]
    return time.perf_counter() - started


def main():
    client = partner_client()
    docs = list(synthetic.documents(NOTICES, seed=11))
    create_s = timed(NOTICES, lambda n: client.post(BASE, body(docs[n]), content_type="application/json"))
    pages = max(1, NOTICES // 100)
    list_s = timed(LIST_ROUNDS, lambda n: client.get(BASE, {"page_size": 100, "page": n % pages + 1}))
    read_s = timed(LIST_ROUNDS * 5, lambda n: client.get(f"{BASE}api-{n % NOTICES + 1}/"))
    print(f"\n| Partner API (test client, SQLite, embedded engine) | requests | seconds | requests/s | ms/request |\n"
          f"| --- | --- | --- | --- | --- |\n"
          f"| `POST notices/` (create, draft + submission) | {NOTICES} | {create_s:.1f} | {NOTICES / create_s:.0f} "
          f"| {1000 * create_s / NOTICES:.1f} |\n"
          f"| `GET notices/?page_size=100` | {LIST_ROUNDS} | {list_s:.1f} | {LIST_ROUNDS / list_s:.1f} "
          f"| {1000 * list_s / LIST_ROUNDS:.0f} |\n"
          f"| `GET notices/<id>/` | {LIST_ROUNDS * 5} | {read_s:.1f} | {LIST_ROUNDS * 5 / read_s:.0f} "
          f"| {1000 * read_s / (LIST_ROUNDS * 5):.1f} |")


if __name__ == "__main__":
    main()
