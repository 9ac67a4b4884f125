"""Demo of the partner contributions: an account of RésO Villes (partenaire / changeme) and one of
its notices waiting for validation, so that a newcomer finds the moderation queue in use."""
from django.contrib.auth import get_user_model
from django.db import transaction

from base_documentaire.models import Contributeur, Notice, Theme

from .models import ComptePartenaire
from .workflow import submit_for_moderation

USERNAME, PASSWORD = "partenaire", "changeme"
CENTRE = "resovilles"
PENDING = {  # from seed 000: RésO Villes' "Big data et quartiers" programme
    "external_id": "demo-partenaire-1",
    "titre": "Big data et quartiers : expérimentations de data science dans quatre villes de l'Ouest",
    "type_document": "synthese",
    "annee": 2023,
    "resume": ("Le programme teste, sur les quartiers politique de la ville de Saint-Nazaire, Brest, Rennes "
               "et Nantes, des expérimentations de data science, du croisement de données jusqu'à "
               "l'intelligence artificielle, avec des groupes de travail emploi, santé et mobilité."),
}
THEMES = ["Ingénierie, évaluation et observation", "Numérique"]


@transaction.atomic
def load():
    """Create the partner account and its pending notice once; never touch them again."""
    contributeur = Contributeur.objects.filter(code=CENTRE).first()
    if contributeur is None:
        return None
    user = _partner_user()
    ComptePartenaire.objects.get_or_create(user=user, defaults={"contributeur": contributeur})
    if not Notice.objects.filter(contributeur=contributeur, external_id=PENDING["external_id"]).exists():
        _submit_pending_notice(contributeur, user)
    return user


def _partner_user():
    user, created = get_user_model().objects.get_or_create(username=USERNAME, defaults={
        "email": "partenaire@example.org", "first_name": "Compte", "last_name": "partenaire"})
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def _submit_pending_notice(contributeur, user):
    notice = Notice(contributeur=contributeur, live=False, **PENDING)
    notice.themes = list(Theme.objects.filter(nom__in=THEMES))
    notice.save()
    notice.save_revision(user=user)
    submit_for_moderation(notice, user)
