"""Demo fiches territoires, written from the seed documents (shared/seeds/): the index "Les
territoires" and fiches for the seeds' régions, départements, some communes and an example QPV.

Idempotent: the index is found by slug under the home page and a fiche by its territoire; what
exists is left as editors made it, only missing pages are created. Assumes
base_documentaire.demo.load(home) ran (seed territories and notices exist). The seeds cite no QPV
by its code, so the QPV created here are clearly named examples, to be replaced by the real ones
(`manage.py import_qpv`).
"""
from django.db import transaction
from wagtail.models import Page

from base_documentaire.models import Notice, Territoire

from .models import DocumentReference, FicheTerritoirePage, TerritoiresIndexPage

INDEX = {
    "title": "Les territoires", "slug": "territoires", "show_in_menus": True,
    "intro": "<p>Une fiche par territoire d'intervention : présentation, chiffres clés, documents de référence, "
             "quartiers prioritaires, et tout ce que le centre et la base documentaire rassemblent sur lui.</p>",
}

# (code, name, commune code): examples, named as such, since the seeds cite no QPV code.
EXAMPLE_QPV = [
    ("EXEMPLE-95127", "Quartier prioritaire d'exemple de Cergy", "95127"),
    ("EXEMPLE-34172", "Quartier prioritaire d'exemple de Montpellier", "34172"),
]

PRVDS_2023 = "Pôle ressources ville et développement social, rapport d'activité 2023"


def _table(legende, annee, source, *rows):
    return ("tableau", {"legende": legende, "annee": annee, "source": source, "chiffres": [
        {"indicateur": indicateur, "valeur": valeur, "precision": precision}
        for indicateur, valeur, precision in rows]})


def _participations(share):
    return _table("Participations aux actions du Pôle ressources", 2023, PRVDS_2023,
                  ("Part des 4 693 participations cumulées", share, "56 actions, près de 200 demi-journées"))


FICHES = [
    {"niveau": "region", "code": "76", "slug": "occitanie", "title": "Occitanie",
     "presentation": "<p>Territoire de Villes et Territoires Occitanie, centre de ressources politique de la ville : "
                     "webinaires régionaux (émancipation au féminin, accès des habitants des QPV à l'offre culturelle, "
                     "transition alimentaire, inclusion numérique), dossiers ressources et guides méthodologiques.</p>",
     "chiffres": [_table("Groupes d'échanges régionaux « Emploi dans les quartiers prioritaires »", 2020,
                         "Villes et Territoires Occitanie, « Nos productions & publications »",
                         ("Séminaires en visioconférence (novembre et décembre)", "3", "1 h 30 chacun"),
                         ("Participants", "132", "agents des collectivités, de l'État et de l'ESS"))],
     "documents": ["demo-4", "demo-5"]},
    {"niveau": "region", "code": "53", "slug": "bretagne", "title": "Bretagne",
     "presentation": "<p>Avec les Pays de la Loire, territoire de RésO Villes, centre de ressources politique de la "
                     "ville : cycles d'échanges, journées régionales et saison « Quartiers en transitions » "
                     "(mobilités, biodiversité, habiter, démocratie).</p>",
     "documents": ["demo-9"]},
    {"niveau": "region", "code": "52", "slug": "pays-de-la-loire", "title": "Pays de la Loire",
     "presentation": "<p>Avec la Bretagne, territoire de RésO Villes : programme Big data et quartiers, observation "
                     "économique des quartiers, accompagnement des conseils citoyens.</p>",
     "documents": ["demo-9"]},
    {"niveau": "departement", "code": "78", "slug": "yvelines", "title": "Yvelines",
     "presentation": "<p>L'un des trois départements du Pôle ressources ville et développement social. En 2023, un "
                     "conseil national de la refondation consacré à la parentalité dans les quartiers prioritaires "
                     "a réuni plus d'une centaine de participant·es à Chanteloup-les-Vignes.</p>",
     "chiffres": [_participations("25 %"),
                  _table("Conventions territoriales globales (CTG)", 2023, PRVDS_2023,
                         ("Territoires accompagnés avec la CAF des Yvelines", "45", "depuis octobre 2023"))],
     "documents": ["demo-8"]},
    {"niveau": "departement", "code": "92", "slug": "hauts-de-seine", "title": "Hauts-de-Seine",
     "presentation": "<p>L'un des trois départements du Pôle ressources ville et développement social, centre de "
                     "ressources politique de la ville de l'ouest francilien.</p>",
     "chiffres": [_participations("21 %")], "documents": ["demo-8"]},
    {"niveau": "departement", "code": "95", "slug": "val-d-oise", "title": "Val-d'Oise",
     "presentation": "<p>Premier département d'intervention du Pôle ressources ville et développement social : "
                     "démarche départementale d'élaboration des contrats engagements quartiers 2030 avec la "
                     "préfecture et les EPCI, groupe d'échanges des coordonnateur·rices santé.</p>",
     "chiffres": [_participations("46 %"),
                  _table("Conventions territoriales globales (CTG)", 2023, PRVDS_2023,
                         ("Territoires concernés par la signature d'une CTG", "80",
                          "accompagnement lancé en mars 2023 avec la CAF du Val d'Oise"))],
     "documents": ["demo-8"]},
    {"niveau": "commune", "code": "95127", "slug": "cergy", "title": "Cergy",
     "presentation": "<p>Au cœur de la Communauté d'agglomération de Cergy-Pontoise, qui a conçu avec le Pôle "
                     "ressources des ateliers pour élaborer son contrat engagements quartiers 2030.</p>",
     "chiffres": [_table("Demandes adressées au service info-doc du Pôle ressources", 2023, PRVDS_2023,
                         ("Part venant de la CA de Cergy-Pontoise", "8,1 %", "sur 112 demandes"))]},
    {"niveau": "commune", "code": "95585", "slug": "sarcelles", "title": "Sarcelles",
     "presentation": "<p>Commune de la Communauté d'agglomération Roissy Pays de France, l'un des territoires qui "
                     "sollicitent le plus le service info-doc du Pôle ressources.</p>",
     "chiffres": [_table("Demandes adressées au service info-doc du Pôle ressources", 2023, PRVDS_2023,
                         ("Part venant de la CA Roissy Pays de France", "près de 10 %", "sur 112 demandes"))]},
    {"niveau": "commune", "code": "78361", "slug": "mantes-la-jolie", "title": "Mantes-la-Jolie",
     "presentation": "<p>Commune de la Communauté urbaine Grand Paris Seine &amp; Oise, partenaire du Pôle "
                     "ressources pour l'élaboration des contrats engagements quartiers 2030.</p>",
     "chiffres": [_table("Demandes adressées au service info-doc du Pôle ressources", 2023, PRVDS_2023,
                         ("Part venant de Grand Paris Seine & Oise", "entre 4 et 6 %", "sur 112 demandes"))]},
    {"niveau": "commune", "code": "34172", "slug": "montpellier", "title": "Montpellier",
     "presentation": "<p>Ville de formations et de séminaires régionaux de Villes et Territoires Occitanie : "
                     "égalité femmes-hommes (2020), marketing territorial (2019), données d'observation "
                     "territoriale (2018).</p>",
     "documents": ["demo-6", "demo-3"]},
    {"niveau": "commune", "code": "44109", "slug": "nantes", "title": "Nantes",
     "presentation": "<p>RésO Villes y accompagne les conseils citoyens de Nantes Métropole et y a animé les "
                     "échanges de pratiques sur la gestion urbaine de proximité.</p>",
     "chiffres": [_table("Conseils citoyens", 2021, "RésO Villes, programme d'actions 2021",
                         ("Conseils citoyens de Nantes Métropole accompagnés et animés", "10", ""))],
     "documents": ["demo-10"]},
    {"niveau": "qpv", "code": "EXEMPLE-95127", "slug": "quartier-exemple-cergy",
     "title": "Quartier prioritaire d'exemple de Cergy",
     "presentation": "<p>Fiche d'exemple : ce quartier n'existe pas. Importez la liste officielle des quartiers "
                     "prioritaires (<code>manage.py import_qpv</code>) puis créez la fiche d'un quartier réel.</p>"},
]


@transaction.atomic
def load(home):
    _example_qpv()
    index = _index(home)
    if index is None:
        return None
    for spec in FICHES:
        _fiche(index, spec)
    return index


def _example_qpv():
    for code, nom, commune_code in EXAMPLE_QPV:
        commune = Territoire.objects.filter(niveau="commune", code=commune_code).first()
        if commune is None:
            continue
        qpv, created = Territoire.objects.get_or_create(niveau="qpv", code=code, defaults={"nom": nom})
        if created:
            qpv.parents.set([commune])


def _index(home):
    existing = Page.objects.child_of(home).filter(slug=INDEX["slug"]).first()
    if existing is not None:
        return existing.specific if isinstance(existing.specific, TerritoiresIndexPage) else None
    index = home.add_child(instance=TerritoiresIndexPage(**INDEX))
    index.save_revision().publish()
    return index


def _fiche(index, spec):
    territoire = Territoire.objects.filter(niveau=spec["niveau"], code=spec["code"]).first()
    if territoire is None or FicheTerritoirePage.objects.filter(territoire=territoire).exists():
        return
    if Page.objects.child_of(index).filter(slug=spec["slug"]).exists():
        return
    fiche = FicheTerritoirePage(title=spec["title"], slug=spec["slug"], territoire=territoire,
                                presentation=spec["presentation"], chiffres_cles=spec.get("chiffres", []))
    notices = {notice.external_id: notice for notice in Notice.objects.filter(
        external_id__in=spec.get("documents", []), live=True)}
    fiche.documents_reference = [DocumentReference(notice=notices[external_id])
                                 for external_id in spec.get("documents", []) if external_id in notices]
    index.add_child(instance=fiche)
    fiche.save_revision().publish()
