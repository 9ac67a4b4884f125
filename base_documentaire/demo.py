"""Demo content of the documentary base, from the seed documents: contributors, the seeds'
territories, the documentary page and notices of real CRPV publications. Idempotent."""
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from . import demo_pdf, indexing
from .models import BaseDocumentairePage, Contributeur, Notice, NoticeAuteur, Territoire, Theme

CONTRIBUTEURS = [
    ("prvds", "Pôle ressources ville et développement social", "11"),
    ("resovilles", "RésO Villes", "53"),
    ("vto", "Villes et Territoires Occitanie", "76"),
]
REGIONS = [("11", "Île-de-France"), ("52", "Pays de la Loire"), ("53", "Bretagne"), ("76", "Occitanie")]
DEPARTEMENTS = [("78", "Yvelines", "11"), ("92", "Hauts-de-Seine", "11"), ("95", "Val-d'Oise", "11"),
                ("34", "Hérault", "76"), ("31", "Haute-Garonne", "76"), ("35", "Ille-et-Vilaine", "53"),
                ("44", "Loire-Atlantique", "52")]
COMMUNES = [("95127", "Cergy", "95"), ("95585", "Sarcelles", "95"), ("78361", "Mantes-la-Jolie", "78"),
            ("34172", "Montpellier", "34"), ("35238", "Rennes", "35"), ("44109", "Nantes", "44")]

NOTICES = [
    {"external_id": "demo-1", "contributeur": "vto", "type_document": "synthese", "annee": 2021,
     "titre": "L'émancipation au féminin, quels leviers d'action en politique de la ville ?",
     "sous_titre": "Webinaire régional du 25 mars 2021",
     "resume": "Synthèse des interventions du webinaire et liens vers la rediffusion vidéo de chacune d'elles : "
               "quelle participation des habitantes favorise-t-on dans les quartiers prioritaires ?",
     "themes": ["Égalité femmes-hommes", "Participation des habitants et conseils citoyens"],
     "territoires": ["Occitanie"], "auteurs": [("Villes et Territoires Occitanie", "collectivite")]},
    {"external_id": "demo-2", "contributeur": "vto", "type_document": "synthese", "annee": 2021,
     "titre": "Favoriser l'accès des habitants des QPV à l'offre culturelle",
     "sous_titre": "Webinaire régional du 4 mars 2021",
     "resume": "Partenariats entre structures culturelles et acteurs de proximité dans les quartiers : "
               "initiatives conduites en Occitanie en direction des quartiers prioritaires.",
     "themes": ["Culture", "Quartiers prioritaires"], "territoires": ["Occitanie"],
     "auteurs": [("Villes et Territoires Occitanie", "collectivite")]},
    {"external_id": "demo-3", "contributeur": "vto", "type_document": "synthese", "annee": 2021,
     "titre": "Transition alimentaire et quartiers",
     "resume": "AMAP, boutiques de producteurs, groupements d'achat : des initiatives émergent dans les "
               "quartiers. Premier webinaire du cycle « Transition écologique et quartiers ».",
     "themes": ["Alimentation", "Transition écologique"], "territoires": ["Montpellier (34)"],
     "auteurs": [("Villes et Territoires Occitanie", "collectivite")]},
    {"external_id": "demo-4", "contributeur": "vto", "type_document": "actes", "annee": 2020,
     "titre": "Emploi dans les quartiers prioritaires : de nouveaux leviers pour les contrats de ville",
     "resume": "Capitalisation d'un cycle de séminaires : emplois du développement durable, insertion par "
               "l'activité économique, Cités de l'emploi. 132 participants.",
     "themes": ["Emploi et développement économique", "Contrats de ville"], "territoires": ["Occitanie"],
     "auteurs": [("Villes et Territoires Occitanie", "collectivite")]},
    {"external_id": "demo-5", "contributeur": "vto", "type_document": "dossier", "annee": 2020,
     "titre": "Éducation et politique de la ville : dossier ressources",
     "resume": "Lecture des éléments législatifs et réglementaires, des dispositifs (réussite éducative, "
               "cités éducatives) et des périmètres prioritaires.",
     "themes": ["Éducation", "Réussite éducative"], "territoires": ["Occitanie"],
     "auteurs": [("Villes et Territoires Occitanie", "collectivite")]},
    {"external_id": "demo-6", "contributeur": "vto", "type_document": "guide", "annee": 2021,
     "titre": "Intégrer l'égalité femmes-hommes dans vos actions en politique de la ville",
     "sous_titre": "Guide méthodologique",
     "resume": "Dans le prolongement d'une formation organisée à Montpellier, un guide pour intégrer le souci "
               "de l'égalité femmes-hommes dans les actions des contrats de ville.",
     "themes": ["Égalité femmes-hommes"], "territoires": ["Montpellier (34)"],
     "auteurs": [("Villes et Territoires Occitanie", "collectivite")]},
    {"external_id": "demo-7", "contributeur": "vto", "type_document": "synthese", "annee": 2020,
     "titre": "Inclusion numérique des habitants des quartiers",
     "resume": "Webinaire régional du 15 octobre 2020 : autonomie dans l'accès au numérique, médiation "
               "numérique et initiatives pendant le confinement.",
     "themes": ["Numérique"], "territoires": ["Occitanie"],
     "auteurs": [("Villes et Territoires Occitanie", "collectivite")]},
    {"external_id": "demo-8", "contributeur": "prvds", "type_document": "rapport", "annee": 2024,
     "titre": "Rapport d'activité 2023", "editeur": "Pôle ressources ville et développement social",
     "resume": "Une année record : 56 démarches, 4 693 présences, 11 publications ; le service info-doc a "
               "répondu à 112 demandes de professionnel·les.",
     "themes": ["Ingénierie, évaluation et observation"], "territoires": ["Val-d'Oise", "Yvelines",
                                                                          "Hauts-de-Seine"],
     "auteurs": [("Pôle ressources ville et développement social", "collectivite")]},
    {"external_id": "demo-9", "contributeur": "resovilles", "type_document": "actes", "annee": 2021,
     "titre": "Quartiers en transitions #2 : mobilités, biodiversité, habiter, démocratie",
     "resume": "La deuxième saison du cycle rapproche réseaux, expériences et territoires autour des "
               "dynamiques de transition à l'œuvre dans les quartiers.",
     "themes": ["Transition écologique", "Mobilités"], "territoires": ["Bretagne", "Pays de la Loire"],
     "auteurs": [("RésO Villes", "collectivite")]},
    {"external_id": "demo-10", "contributeur": "resovilles", "type_document": "fiche_experience", "annee": 2009,
     "titre": "Gestion urbaine de proximité : échanges de pratiques entre villes",
     "resume": "Coordonner les interventions des acteurs de terrain et lutter contre la vacance : "
               "retour des Cooper'villes GUP.",
     "themes": ["Gestion urbaine et sociale de proximité"], "territoires": ["Nantes (44)", "Rennes (35)"],
     "auteurs": [("RésO Villes", "collectivite")]},
]


@transaction.atomic
def load(home):
    call_command("load_thesaurus", stdout=StringIO())
    _territories()
    _contributors()
    _page(home)
    for spec in NOTICES:
        _notice(spec)
    demo_pdf.attach()
    indexing.sync(refresh=True)


def _territories():
    regions = {code: _territory("region", code, name, []) for code, name in REGIONS}
    departements = {code: _territory("departement", code, name, [regions[region]])
                    for code, name, region in DEPARTEMENTS}
    for code, name, departement in COMMUNES:
        _territory("commune", code, name, [departements[departement]])


def _territory(niveau, code, nom, parents):
    territory, created = Territoire.objects.get_or_create(niveau=niveau, code=code, defaults={"nom": nom})
    if created:
        territory.parents.set(parents)
    return territory


def _contributors():
    for code, name, region in CONTRIBUTEURS:
        Contributeur.objects.get_or_create(code=code, defaults={
            "nom": name, "region": Territoire.objects.filter(niveau="region", code=region).first()})


def _page(home):
    if not BaseDocumentairePage.objects.exists():
        page = home.add_child(instance=BaseDocumentairePage(
            title="Base documentaire", slug="base-documentaire", show_in_menus=True,
            intro="Notices et documents du centre et du réseau des centres de ressources politique de la ville."))
        page.save_revision().publish()


def _notice(spec):
    contributeur = Contributeur.objects.get(code=spec["contributeur"])
    if Notice.objects.filter(contributeur=contributeur, external_id=spec["external_id"]).exists():
        return
    fields = {key: value for key, value in spec.items() if key not in {"contributeur", "themes", "territoires", "auteurs"}}
    notice = Notice(contributeur=contributeur, **fields)
    notice.themes = list(Theme.objects.filter(nom__in=spec["themes"]))
    notice.territoires = list(Territoire.objects.filter(libelle__in=spec["territoires"]))
    notice.auteurs = [NoticeAuteur(nom=name, nature=nature) for name, nature in spec["auteurs"]]
    notice.save()
    notice.save_revision().publish()
