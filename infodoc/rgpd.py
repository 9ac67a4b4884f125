"""Personal data of requesters: anonymisation after the retention period, export of one requester's data.

Anonymisation keeps only what the yearly figures use — reference, dates, status, type of
organisation, territory, themes, assignee, minutes spent — and replaces everything that may
identify someone: name, organisation, e-mail, telephone, and the free texts (question, internal
notes, answers as sent), since a question often names people or places a person.
"""
import json
from datetime import date

from django.db import transaction
from django.utils import timezone

from . import history
from .models import DemandeInfoDoc, NoteInterne, Reponse
from .models.demandes import ANONYMISED_TEXT


def retention_limit(months, now=None):
    """The moment before which requests are older than `months` months."""
    now = timezone.localtime(now or timezone.now())
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    month += 1
    day = min(now.day, _days_in_month(year, month))
    return now.replace(year=year, month=month, day=day)


def _days_in_month(year, month):
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    return (next_month - date(year, month, 1)).days


def due_for_anonymisation(months, now=None):
    return DemandeInfoDoc.objects.filter(anonymisee=False, recue_le__lt=retention_limit(months, now))


@transaction.atomic
def anonymise(requests, user=None):
    """Anonymise the given requests (a queryset); returns how many were anonymised."""
    ids = list(requests.filter(anonymisee=False).values_list("pk", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    DemandeInfoDoc.objects.filter(pk__in=ids).update(
        nom=ANONYMISED_TEXT, organisation=ANONYMISED_TEXT, email="", telephone="", question=ANONYMISED_TEXT,
        anonymisee=True, anonymisee_le=now, modifiee_le=now)
    NoteInterne.objects.filter(demande__in=ids).update(texte=ANONYMISED_TEXT)
    Reponse.objects.filter(demande__in=ids).update(corps=ANONYMISED_TEXT, message=ANONYMISED_TEXT, destinataire="",
                                                   sujet="")
    for demande in DemandeInfoDoc.objects.filter(pk__in=ids):
        history.log_action(demande, history.ANONYMISED, user=user)
    return len(ids)


def requests_of(email):
    return (DemandeInfoDoc.objects.filter(email__iexact=email.strip()).select_related("territoire")
            .prefetch_related("themes", "notes", "reponses").order_by("recue_le"))


def export_requester(email, user=None):
    """Every request, note and answer held for this e-mail address, as a JSON-serialisable dict."""
    demandes = list(requests_of(email))
    for demande in demandes:
        history.log_action(demande, history.EXPORT, user=user)
    return {
        "email": email.strip(),
        "exporte_le": timezone.now().isoformat(),
        "demandes": [_request_data(demande) for demande in demandes],
    }


def export_requester_json(email, user=None):
    return json.dumps(export_requester(email, user=user), ensure_ascii=False, indent=2)


def _iso(value):
    return value.isoformat() if value else None


def _request_data(demande):
    return {
        "reference": demande.reference,
        "nom": demande.nom,
        "organisation": demande.organisation,
        "type_structure": demande.type_structure,
        "email": demande.email,
        "telephone": demande.telephone,
        "territoire": str(demande.territoire) if demande.territoire else None,
        "themes": [theme.nom for theme in demande.themes.all()],
        "question": demande.question,
        "echeance_souhaitee": _iso(demande.echeance_souhaitee),
        "consentement": demande.consentement,
        "consentement_le": _iso(demande.consentement_le),
        "statut": demande.statut,
        "recue_le": _iso(demande.recue_le),
        "repondue_le": _iso(demande.repondue_le),
        "close_le": _iso(demande.close_le),
        "notes_internes": [{"date": _iso(note.date), "texte": note.texte, "minutes": note.minutes}
                           for note in demande.notes.all()],
        "reponses": [{"envoyee_le": _iso(reponse.envoyee_le), "sujet": reponse.sujet, "message": reponse.message}
                     for reponse in demande.reponses.all()],
    }
