"""Demo search statistics: thirteen weeks of searches on the demo notices, so that the admin's
« Statistiques de recherche » page shows figures after scripts/run.sh. Deterministic; loaded once
(nothing is added when counters already exist)."""
import json
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from base_documentaire.models import Notice
from base_documentaire.text import fold

from .models import Consultation, Recherche
from .recording import search_key

WEEKS = 13
# (query as typed, filters, results, weight per day, demo notices opened from it)
QUERIES = [
    ("emploi des jeunes", {}, 1, 6, ["demo-4"]),
    ("QPV", {}, 3, 5, ["demo-2", "demo-4"]),
    ("égalité femmes-hommes", {}, 2, 4, ["demo-6", "demo-1"]),
    ("Egalite femmes hommes", {}, 2, 2, ["demo-6"]),
    ("numérique", {}, 1, 3, ["demo-7"]),
    ("alimentation", {}, 1, 3, ["demo-3"]),
    ("éducation", {"territoire": ["Occitanie"]}, 1, 2, ["demo-5"]),
    ("", {"theme": ["Culture"]}, 1, 2, ["demo-2"]),
    ("", {"territoire": ["Bretagne"]}, 1, 1, []),
    ("gestion urbaine de proximité", {}, 1, 1, []),
    ("rapport d'activité", {}, 1, 1, []),
    ("renouvelement urbin", {}, 0, 2, []),
    ("tiers-lieux", {}, 0, 2, []),
    ("gens du voyage", {}, 0, 1, []),
    ("cités éducatives", {}, 0, 2, []),
    ("NPNRU", {}, 0, 1, []),
]


def load():
    if Recherche.objects.exists():
        return
    notices = dict(Notice.objects.filter(external_id__startswith="demo-").values_list("external_id", "pk"))
    randomness = random.Random(16)
    today = timezone.localdate()
    with transaction.atomic():
        for offset in range(WEEKS * 7):
            day = today - timedelta(days=offset)
            for text, filters, results, weight, opened in QUERIES:
                _day_of(randomness, day, text, filters, results, weight, [notices[i] for i in opened if i in notices])


def _day_of(randomness, day, text, filters, results, weight, opened):
    searches = randomness.randint(0, weight)
    if not searches:
        return
    key, filters_json = search_key(fold(text), filters)
    counter = Recherche.objects.create(
        jour=day, cle=key, texte_plie=fold(text), texte=text, filtres=filters_json or json.dumps({}),
        recherches=searches, sans_resultat=searches if results == 0 else 0, resultats=results)
    for notice_id in opened:
        openings = randomness.randint(0, searches)
        if openings:
            Consultation.objects.create(recherche=counter, notice_id=notice_id, ouvertures=openings)
