"""Helpers of the bulletin tests: an archive page and bulletins composed as a documentalist would."""
import datetime
import json
import uuid

from wagtail.models import Page

from veille.models import BulletinIndexPage, BulletinPage


def make_archive(title="Bulletins de veille"):
    home = Page.objects.get(depth=1).get_children().first()
    archive = home.add_child(instance=BulletinIndexPage(title=title, slug="bulletins",
                                                        intro="<p>La veille du centre.</p>"))
    archive.save_revision().publish()
    return archive


def rubrique(titre, notices=(), **search):
    """A rubrique's raw value: ``notices`` are notices or (notice, comment) pairs, in order."""
    pairs = [item if isinstance(item, tuple) else (item, "") for item in notices]
    return {"type": "rubrique", "value": {
        "titre": titre, "mots": search.get("mots", ""), "theme": search.get("theme", ""),
        "territoire": search.get("territoire", ""), "type": search.get("type", ""),
        "notices": [{"type": "item", "id": str(uuid.uuid4()), "value": {"notice": notice.pk, "commentaire": comment}}
                    for notice, comment in pairs]}}


def make_bulletin(archive, numero=1, rubriques=(), publish=True, debut=datetime.date(2026, 11, 1),
                  fin=datetime.date(2026, 11, 30), introduction="<p>Les nouveautés du mois.</p>"):
    bulletin = BulletinPage(title=f"Bulletin de veille n° {numero}", slug=f"bulletin-{numero}", numero=numero,
                            debut=debut, fin=fin, introduction=introduction, live=False)
    bulletin.rubriques = json.dumps(list(rubriques))
    archive.add_child(instance=bulletin)
    revision = bulletin.save_revision()
    if publish:
        revision.publish()
        bulletin.refresh_from_db()
    return bulletin
