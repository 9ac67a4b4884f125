"""Demo bulletin de veille: the archive under the home page and one published bulletin listing a few of
the demo notices (whatever they are), commented. Idempotent: an existing archive is left as editors made
it. Assumes base_documentaire.demo.load(home) ran (the demo notices exist)."""
import datetime
import json
import uuid

from django.utils import timezone
from wagtail.models import Page

from base_documentaire.models import Notice
from veille.models import BulletinIndexPage, BulletinPage

ARCHIVE = {"title": "Bulletins de veille", "slug": "bulletins-de-veille", "show_in_menus": False,
           "intro": "<p>Chaque mois, la sélection commentée des nouveautés de la base documentaire et du réseau.</p>"}
COMMENTS = ["À lire en priorité : une synthèse claire et des pistes d'action.",
            "Repéré par un centre du réseau : des expériences transposables.",
            "Pour approfondir."]


def load(home):
    if Page.objects.type(BulletinIndexPage).descendant_of(home).exists():
        return
    archive = home.add_child(instance=BulletinIndexPage(**ARCHIVE))
    archive.save_revision().publish()
    notices = list(Notice.objects.filter(live=True).order_by("-first_published_at", "pk")[:len(COMMENTS)])
    today = timezone.localdate()
    start = today.replace(day=1)
    bulletin = BulletinPage(title=f"Bulletin de veille – {_month(start)}", slug=f"bulletin-{start:%Y-%m}",
                            numero=1, debut=start, fin=today, live=False,
                            introduction="<p>Les nouveautés du mois repérées par le centre et le réseau.</p>")
    bulletin.rubriques = json.dumps([{"type": "rubrique", "value": {
        "titre": "Nouveautés de la base documentaire", "mots": "", "theme": "", "territoire": "", "type": "",
        "notices": [{"type": "item", "id": str(uuid.uuid4()), "value": {"notice": notice.pk, "commentaire": comment}}
                    for notice, comment in zip(notices, COMMENTS)]}}])
    archive.add_child(instance=bulletin)
    bulletin.save_revision().publish()


MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def _month(day: datetime.date):
    return f"{MONTHS[day.month - 1]} {day.year}"
