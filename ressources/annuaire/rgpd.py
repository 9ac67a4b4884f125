"""Data-protection requests on a `Personne`: export everything held on them, or erase them.

Erasure deletes the person's row (identity, contact details, consent record, position) and the
admin history entries that carry their name; the organisation, its other people and every other
content stay. Nothing in the project points at a Personne with a cascading key: a model that
links to one later must use SET_NULL, and `linked_objects()` already lists it in the export.
Each request is logged in `DemandeRGPD` by the person's former identifier, never by name.
"""
import json

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import registry as log_registry

from .models import DemandeRGPD, Personne

CANAL_ADMIN = "admin"
CANAL_COMMANDE = "commande"


def export_personne(personne, *, user=None, canal=CANAL_ADMIN):
    """Every piece of data held on the person, as a JSON-serialisable dict; the export is logged."""
    data = {
        "exporte_le": timezone.now().isoformat(),
        "personne": {
            "identifiant": personne.pk,
            "nom": personne.nom,
            "prenom": personne.prenom,
            "fonction": personne.fonction,
            "email_professionnel": personne.email,
            "telephone_professionnel": personne.telephone,
            "cree_le": personne.created_at.isoformat(),
            "modifie_le": personne.updated_at.isoformat(),
        },
        "consentement": {
            "publication": personne.consentement_publication,
            "date": _date(personne.consentement_date),
            "preuve": personne.consentement_source,
            "retrait": _date(personne.consentement_retrait),
            "publiee_sur_le_site": personne.est_publique,
        },
        "liens": {
            "organisation": {"identifiant": personne.acteur_id, "nom": personne.acteur.nom,
                             "sigle": personne.acteur.sigle, "adresse_publique": personne.acteur.get_absolute_url()},
            "autres": linked_objects(personne),
        },
        "historique_administration": [
            {"date": entry.timestamp.isoformat(), "action": entry.action, "libelle": entry.label,
             "utilisateur": entry.user_id}
            for entry in _admin_history(personne)
        ],
        "demandes_rgpd": [
            {"type": request.type_demande, "date": request.effectuee_le.isoformat(), "canal": request.canal}
            for request in DemandeRGPD.objects.filter(personne_ref=personne.pk).order_by("effectuee_le")
        ],
    }
    _log(DemandeRGPD.Type.EXPORT, personne, user, canal)
    return data


def export_json(personne, **kwargs):
    return json.dumps(export_personne(personne, **kwargs), ensure_ascii=False, indent=2)


@transaction.atomic
def effacer_personne(personne, *, user=None, canal=CANAL_ADMIN):
    """Erase the person (see the module's docstring); returns the log entry of the request."""
    request = _log(DemandeRGPD.Type.EFFACEMENT, personne, user, canal)
    _admin_history(personne).delete()
    Personne.objects.filter(pk=personne.pk).delete()
    return request


def linked_objects(personne):
    """Objects of other models pointing at the person (none today; kept generic for later links)."""
    links = []
    for relation in Personne._meta.related_objects:
        accessor = relation.get_accessor_name()
        if relation.one_to_one:
            related = getattr(personne, accessor, None)
            objects = [related] if related is not None else []
        else:
            objects = list(getattr(personne, accessor).all())
        links += [{"type": relation.related_model._meta.label, "identifiant": obj.pk, "libelle": str(obj)}
                  for obj in objects]
    return links


def _admin_history(personne):
    return log_registry.get_logs_for_instance(personne)


def _log(type_demande, personne, user, canal):
    return DemandeRGPD.objects.create(type_demande=type_demande, personne_ref=personne.pk,
                                      acteur_id=personne.acteur_id, canal=canal,
                                      effectuee_par=user if user and user.is_authenticated else None)


def _date(value):
    return value.isoformat() if value else None
