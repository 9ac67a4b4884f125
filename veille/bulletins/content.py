"""What a bulletin shows, on its page and in its e-mail: each rubrique's published chosen notices with
their permalink (on the site's address), the documentalist's comment and, for a notice another centre
catalogued, « repéré par <centre> »."""
from django.conf import settings

from base_documentaire.addresses import documentary_page, permalink
from base_documentaire.models import Contributeur, Notice


def own_centre():
    """The centre's own Contributeur (CRPV_CONTRIBUTEUR_CODE, else the oldest one), or None; never creates one."""
    code = getattr(settings, "CRPV_CONTRIBUTEUR_CODE", "")
    found = Contributeur.objects.filter(code=code) if code else Contributeur.objects.order_by("pk")
    return found.first()


def bulletin_content(bulletin):
    """[{"title", "items": [{"notice", "title", "url", "type", "year", "comment", "spotted_by"}]}]."""
    rubriques = [block.value for block in bulletin.rubriques if block.block_type == "rubrique"]
    ids = {item["notice"].pk for rubrique in rubriques for item in rubrique["notices"] if item["notice"]}
    live = Notice.objects.filter(pk__in=ids, live=True).select_related("contributeur").in_bulk()
    page, centre = documentary_page(), own_centre()
    content = []
    for rubrique in rubriques:
        items = [notice_item(live[item["notice"].pk], item["commentaire"], page, centre)
                 for item in rubrique["notices"] if item["notice"] and item["notice"].pk in live]
        content.append({"title": rubrique["titre"], "items": items})
    return content


def notice_item(notice, comment, page, centre):
    contributor = notice.contributeur
    spotted_by = contributor.nom if contributor and (centre is None or contributor.pk != centre.pk) else ""
    return {"notice": notice, "title": notice.titre, "url": permalink(notice, page),
            "type": notice.get_type_document_display(), "year": notice.annee, "comment": comment,
            "spotted_by": spotted_by}
