"""Posting a signalement: a light notice of type « signalement » for the veilleur's centre.

It goes through the partner API's service (reseau.api.service.PartnerNotices), hence through the
import pipeline's checks (unknown thèmes kept as candidate terms) and the same moderation rule as
every partner notice: a draft revision submitted to *Validation des notices*, never published
directly.
"""
import uuid
from types import SimpleNamespace

from django.db import transaction

from reseau.api import files
from reseau.api.service import PartnerNotices

TYPE_CODE = "signalement"
TYPE_LABEL = "Signalement de veille"  # the row's label (migration 0001): the search facet's value


def split_labels(text):
    """Thème labels typed in one field, separated by semicolons or new lines."""
    return [label.strip() for part in text.splitlines() for label in part.split(";") if label.strip()]


@transaction.atomic
def post(contributeur, user, *, titre, url="", note="", themes=(), territoires=(), upload=None):
    """Create the signalement and submit it; returns (notice, warnings).
    Raises reseau.api.payload.PayloadErrors (French messages by field): nothing is kept then."""
    service = PartnerNotices(SimpleNamespace(contributeur=contributeur, user=user))
    service.file_follows = upload is not None  # the rules.require_link_or_file check: the file comes next
    fichier = files.store(upload, contributeur, user, title=titre)[0] if upload is not None else None
    body = {
        "id": f"signalement-{uuid.uuid4().hex[:16]}",  # never the derived id: two alike titles are two signalements
        "titre": titre, "resume": note, "type": TYPE_CODE, "themes": list(themes),
        "territoires": [territory.libelle for territory in territoires], "urls": [url] if url else [],
    }
    notice, _created, warnings = service.save(body)
    if fichier is not None:
        notice = service.attach(notice, fichier) or notice
    return notice, warnings
