"""Demo directory, written from the seed documents (shared/seeds/): the page « Annuaire des acteurs »
and the organisations the seeds name. Idempotent: the page is found by slug and each acteur by name
(or acronym); what exists is left as editors made it, only what is missing is created.
No private person: the demo's contacts are functions at organisations, with generic addresses.
Assumes base_documentaire.demo.load(home) ran (thesaurus, seed territories, contributors)."""
import datetime

from django.db import transaction
from django.db.models import Q
from wagtail.models import Page

from base_documentaire.models import Contributeur, Territoire, Theme

from .models import Acteur, AnnuairePage, Personne, TypeActeur

PAGE = {
    "title": "Annuaire des acteurs",
    "slug": "annuaire",
    "intro": "Centres de ressources, collectivités, services de l'État, associations, conseils citoyens : "
             "les acteurs de la politique de la ville et du développement social, leurs thèmes et leurs "
             "territoires.",
    "show_in_menus": True,
}

CONSENT = {"date": datetime.date(2024, 1, 8), "source": "Contact générique fourni par la structure (démo)."}

ACTEURS = [
    {"nom": "Pôle ressources ville et développement social", "sigle": "PRVDS",
     "type_acteur": TypeActeur.CENTRE_RESSOURCES, "contributeur": "prvds",
     "description": "Centre de ressources politique de la ville du Val-d'Oise, des Yvelines et des Hauts-de-Seine : "
                    "service info-doc, lettre Résonances, cycles de qualification, club de veille.",
     "site_web": "https://www.lepoleressources.fr/", "email": "contact@lepoleressources.fr",
     "themes": ["Développement social", "Ingénierie, évaluation et observation", "Contrats de ville"],
     "territoires": ["Val-d'Oise", "Yvelines", "Hauts-de-Seine"],
     "contacts": [("Service info-doc", "Documentation et réponses aux demandes")]},
    {"nom": "RésO Villes", "type_acteur": TypeActeur.CENTRE_RESSOURCES, "contributeur": "resovilles",
     "description": "Centre de ressources politique de la ville de Bretagne et des Pays de la Loire : cycles de "
                    "qualification, « Quartiers en transitions », veille et lettres d'information.",
     "site_web": "https://www.resovilles.com/", "email": "contact@resovilles.com",
     "themes": ["Transition écologique", "Participation des habitants et conseils citoyens"],
     "territoires": ["Bretagne", "Pays de la Loire"],
     "contacts": [("Accueil", "Renseignements sur les cycles et journées")]},
    {"nom": "Villes et Territoires Occitanie", "sigle": "VTO", "type_acteur": TypeActeur.CENTRE_RESSOURCES,
     "contributeur": "vto",
     "description": "Centre de ressources politique de la ville d'Occitanie : webinaires, guides, films et "
                    "accompagnement des conseils citoyens.",
     "site_web": "https://www.villesetterritoires.fr/", "email": "contact@villesetterritoires.fr",
     "themes": ["Participation des habitants et conseils citoyens", "Cohésion sociale"],
     "territoires": ["Occitanie"],
     "contacts": [("Centre de ressources", "Accompagnement des conseils citoyens")]},
    {"nom": "Profession Banlieue", "type_acteur": TypeActeur.CENTRE_RESSOURCES,
     "description": "Centre de ressources politique de la ville de la Seine-Saint-Denis, membre du réseau des "
                    "CRPV franciliens.",
     "themes": ["Cohésion sociale"], "territoires": ["Île-de-France"]},
    {"nom": "Réseau national des centres de ressources politique de la ville", "sigle": "RNCRPV",
     "type_acteur": TypeActeur.RESEAU,
     "description": "Association des 19 centres de ressources politique de la ville, qui succède à « Question de "
                    "ville » : travaux communs, regroupements nationaux, base documentaire partagée Cosoter.",
     "site_web": "https://www.reseau-crpv.fr/", "themes": ["Contrats de ville"], "territoires": []},
    {"nom": "Agence nationale de la cohésion des territoires", "sigle": "ANCT", "type_acteur": TypeActeur.ETAT,
     "description": "Agence de l'État qui pilote la politique de la ville et soutient le réseau des centres de "
                    "ressources.",
     "site_web": "https://agence-cohesion-territoires.gouv.fr/",
     "themes": ["Contrats de ville", "Quartiers prioritaires"], "territoires": []},
    {"nom": "Préfecture du Val-d'Oise", "type_acteur": TypeActeur.ETAT,
     "description": "Services de l'État dans le département, partenaires des contrats de ville.",
     "themes": ["Contrats de ville"], "territoires": ["Val-d'Oise"]},
    {"nom": "Direction départementale de l'emploi, du travail et des solidarités du Val-d'Oise",
     "sigle": "DDETS 95", "type_acteur": TypeActeur.ETAT,
     "description": "Service de l'État pour l'emploi, le travail et les solidarités dans le Val-d'Oise.",
     "themes": ["Emploi et développement économique"], "territoires": ["Val-d'Oise"]},
    {"nom": "Communauté d'agglomération de Cergy-Pontoise", "type_acteur": TypeActeur.EPCI,
     "description": "Intercommunalité signataire du contrat de ville de l'agglomération.",
     "themes": ["Contrats de ville"], "territoires": ["Val-d'Oise", "Cergy (95)"]},
    {"nom": "Communauté d'agglomération Roissy Pays de France", "type_acteur": TypeActeur.EPCI,
     "description": "Intercommunalité du Val-d'Oise et de la Seine-et-Marne, engagée dans l'insertion des jeunes "
                    "éloignés de l'emploi.",
     "themes": ["Emploi et développement économique"], "territoires": ["Val-d'Oise"]},
    {"nom": "Ville de Sarcelles", "type_acteur": TypeActeur.COLLECTIVITE,
     "description": "Commune du Val-d'Oise, partenaire d'actions de prévention auprès des jeunes.",
     "themes": ["Quartiers prioritaires"], "territoires": ["Sarcelles (95)"]},
    {"nom": "Fédération des centres sociaux du Val-d'Oise", "type_acteur": TypeActeur.CENTRE_SOCIAL,
     "description": "Réseau des centres sociaux du département, partenaire du réseau jeunesse du Pôle ressources.",
     "themes": ["Cohésion sociale"], "territoires": ["Val-d'Oise"]},
    {"nom": "Réciprocités Occitanie", "type_acteur": TypeActeur.ASSOCIATION,
     "description": "Association réunissant des professionnel·les de la politique de la ville d'Occitanie.",
     "themes": ["Contrats de ville"], "territoires": ["Occitanie"]},
    {"nom": "Conseils citoyens de Nantes Métropole", "type_acteur": TypeActeur.CONSEIL_CITOYEN,
     "description": "Les dix conseils citoyens des quartiers prioritaires de la métropole nantaise.",
     "themes": ["Participation des habitants et conseils citoyens"], "territoires": ["Nantes (44)"]},
    {"nom": "Le Compas", "type_acteur": TypeActeur.CABINET,
     "description": "Bureau d'études spécialisé dans l'observation sociale des territoires.",
     "themes": ["Ingénierie, évaluation et observation"], "territoires": []},
    {"nom": "Institut Paris Région", "type_acteur": TypeActeur.UNIVERSITE,
     "description": "Agence d'urbanisme et d'environnement de la région Île-de-France : études et observation "
                    "des quartiers.",
     "themes": ["Ingénierie, évaluation et observation"], "territoires": ["Île-de-France"]},
]


@transaction.atomic
def load(home):
    page = _page(home)
    for spec in ACTEURS:
        _acteur(spec)
    return page


def _page(home):
    existing = Page.objects.child_of(home).filter(slug=PAGE["slug"]).first()
    if existing is not None or AnnuairePage.objects.exists():
        return existing.specific if existing else AnnuairePage.objects.first()
    page = home.add_child(instance=AnnuairePage(**PAGE))
    page.save_revision().publish()
    return page


def _acteur(spec):
    names = Q(nom__iexact=spec["nom"])
    if spec.get("sigle"):
        names |= Q(sigle__iexact=spec["sigle"])
    if Acteur.objects.filter(names).exists():
        return
    fields = {key: value for key, value in spec.items() if key not in {"themes", "territoires", "contacts",
                                                                        "contributeur"}}
    acteur = Acteur(**fields)
    if spec.get("contributeur"):
        acteur.contributeur = Contributeur.objects.filter(code=spec["contributeur"], acteur__isnull=True).first()
    acteur.themes = list(Theme.objects.filter(nom__in=spec["themes"]))
    acteur.territoires = list(Territoire.objects.filter(libelle__in=spec["territoires"]))
    acteur.save()
    for service, fonction in spec.get("contacts", ()):
        Personne.objects.create(acteur=acteur, nom=service, fonction=fonction, email=spec.get("email", ""),
                                consentement_publication=True, consentement_date=CONSENT["date"],
                                consentement_source=CONSENT["source"])
