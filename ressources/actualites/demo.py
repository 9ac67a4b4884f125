"""Demo news, written from the seed documents (shared/seeds/). Idempotent: the index and each item
are found by slug; what exists is left as editors made it, only missing pages are created.
Assumes base_documentaire.demo.load(home) ran (thesaurus and seed territories exist)."""
import datetime

from django.db import transaction
from wagtail.models import Page

from base_documentaire.models import Territoire, Theme

from .models import ActualitePage, ActualitesIndexPage

INDEX = {
    "title": "Actualités",
    "slug": "actualites",
    "intro": "Brèves, nouvelles publications, appels à projets et « lu, vu, entendu » : "
             "l'actualité du centre et de la politique de la ville.",
    "show_in_menus": True,
}


def _p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


NEWS = [
    {
        "slug": "rapport-activite-2023-une-annee-record",
        "title": "Rapport d'activité 2023 : une année record",
        "kind": "actualite", "date": datetime.date(2024, 4, 18),
        "chapo": "56 démarches engagées, 4 693 présences et 11 publications : le Pôle ressources ville et "
                 "développement social publie son rapport d'activité 2023.",
        "body": [
            _p("Le service info-doc a traité 112 demandes en 2023 (116 en 2022). Près de 19 % portaient sur "
               "l'ingénierie territoriale, en lien avec l'élaboration des nouveaux contrats « Quartiers "
               "engagement 2030 »."),
            _p("Les villes représentent près de 45 % des sollicitations ; les demandes des institutions "
               "passent de 10 % à 19 %. La lettre Résonances, publiée dix fois dans l'année, s'adresse à "
               "près de 7 500 acteur·rices du développement social et territorial."),
        ],
        "source_title": "Rapport d'activité 2023", "source_detail": "Pôle ressources ville et développement social",
        "themes": ["Ingénierie, évaluation et observation"],
        "territoires": ["Val-d'Oise", "Yvelines", "Hauts-de-Seine"],
    },
    {
        "slug": "naissance-du-reseau-national-des-crpv",
        "title": "Le réseau national des centres de ressources politique de la ville devient une association",
        "kind": "breve", "date": datetime.date(2023, 10, 20),
        "chapo": "Réunies à Montpellier pour leur 8e regroupement national, les équipes des 19 CRPV ont "
                 "officialisé le réseau national, qui succède à l'association « Question de ville ».",
        "body": [
            _p("Trois jours d'échanges sur les travaux communs des centres, les futurs contrats de ville et "
               "les enjeux de coopération, et l'adoption de nouveaux statuts pour porter le réseau."),
        ],
        "themes": ["Contrats de ville"], "territoires": ["Montpellier (34)"],
    },
    {
        "slug": "lu-vu-entendu-eclairages-sur-les-revoltes-urbaines",
        "title": "Éclairages sur les révoltes urbaines",
        "kind": "lu_vu_entendu", "date": datetime.date(2023, 9, 12),
        "chapo": "Une sélection d'articles de presse, de tribunes et d'entretiens pour comprendre les "
                 "révoltes urbaines de l'été 2023.",
        "body": [
            _p("Ce dossier de presse du Pôle ressources rassemble analyses et points de vue parus après les "
               "événements de juin 2023, pour nourrir la réflexion des professionnel·les de la prévention et "
               "de la jeunesse."),
        ],
        "source_title": "Éclairages sur les révoltes urbaines",
        "source_detail": "Pôle ressources ville et développement social, dossier de presse, 2023",
        "source_url": "https://www.lepoleressources.fr/eclairages-sur-les-revoltes-urbaines/",
        "themes": ["Prévention et tranquillité publique", "Jeunesse"], "territoires": ["Île-de-France"],
    },
    {
        "slug": "lu-vu-entendu-priorite-aux-quartiers",
        "title": "Podcast « Priorité aux quartiers : de l'observation à la contractualisation »",
        "kind": "lu_vu_entendu", "date": datetime.date(2023, 11, 6),
        "chapo": "Des méthodes d'observation des quartiers pour nourrir l'élaboration des nouveaux contrats "
                 "de ville, avec Le Compas et l'Institut Paris Région.",
        "body": [
            _p("Second temps du cycle « Les territoires à la loupe », ce podcast présente des démarches "
               "d'observation inspirantes, de la donnée au diagnostic partagé."),
        ],
        "source_title": "Priorité aux quartiers : de l'observation à la contractualisation",
        "source_detail": "Pôle ressources ville et développement social, podcast, 2023",
        "source_url": "https://www.lepoleressources.fr/priorite-aux-quartiers-de-lobservation-a-la-contractualisation",
        "themes": ["Ingénierie, évaluation et observation", "Contrats de ville"], "territoires": ["Île-de-France"],
    },
    {
        "slug": "lu-vu-entendu-les-conseils-citoyens-en-questions",
        "title": "« Les conseils citoyens en questions », trois films et leurs livrets",
        "kind": "lu_vu_entendu", "date": datetime.date(2024, 2, 5),
        "chapo": "Rôle, motivations, fonctionnement : trois films sur les conseils citoyens du Gard, avec des "
                 "livrets pédagogiques pour animer un débat.",
        "body": [
            _p("Réalisés par Villes et Territoires, ces films sont accompagnés de trois livrets pédagogiques "
               "et de cinq fiches pratiques pour organiser les échanges."),
        ],
        "source_title": "Les conseils citoyens en questions",
        "source_detail": "Villes et Territoires Occitanie, série de 3 films, 2017",
        "themes": ["Participation des habitants et conseils citoyens"], "territoires": ["Occitanie"],
    },
    {
        "slug": "appel-a-contributions-fiches-experiences",
        "title": "Appel à contributions : faites connaître vos initiatives dans les quartiers",
        "kind": "appel_projets", "date": datetime.date(2024, 3, 4),
        "chapo": "Chaque mois, une initiative locale est présentée dans la lettre d'information sous la forme "
                 "d'une fiche expérience. Proposez la vôtre !",
        "body": [
            _p("Jeunesse, santé mentale, participation, logement, égalité femmes-hommes : en 2023, dix fiches "
               "expériences ont été rédigées avec les porteur·ses de projets. Écrivez-nous pour présenter "
               "une action menée dans votre quartier."),
        ],
        "themes": ["Développement social"], "territoires": ["Val-d'Oise", "Yvelines", "Hauts-de-Seine"],
    },
    {
        "slug": "nouvelle-publication-participation-des-habitants",
        "title": "Nouvelle publication : participation des habitant·es et quartiers populaires",
        "kind": "actualite", "date": datetime.date(2024, 1, 16),
        "chapo": "Les actes d'un séminaire sur la façon dont la parole des habitant·es peut nourrir les "
                 "futurs contrats de ville.",
        "body": [
            _p("Élaboration, mise en œuvre, suivi : la publication restitue les apports des intervenant·es et "
               "des expériences de conseils citoyens de l'ouest francilien."),
        ],
        "themes": ["Participation des habitants et conseils citoyens", "Contrats de ville"],
        "territoires": ["Île-de-France"],
    },
    {
        "slug": "quartiers-en-transitions-saison-2",
        "title": "Quartiers en transitions #2 : la nouvelle saison est lancée",
        "kind": "breve", "date": datetime.date(2021, 2, 1),
        "chapo": "Mobilités, biodiversité, habiter, démocratie : RésO Villes ouvre la deuxième saison de son "
                 "cycle numérique sur les transitions dans les quartiers.",
        "body": [
            _p("Rencontres, débats et solutions pour inspirer celles et ceux qui veulent aller de l'avant, "
               "en rapprochant réseaux, expériences et territoires."),
        ],
        "themes": ["Transition écologique", "Mobilités"], "territoires": ["Bretagne", "Pays de la Loire"],
    },
]


@transaction.atomic
def load(home):
    index = _index(home)
    for spec in NEWS:
        _news_item(index, spec)
    return index


def _index(home):
    existing = Page.objects.child_of(home).filter(slug=INDEX["slug"]).first()
    if existing is not None:
        return existing.specific
    index = home.add_child(instance=ActualitesIndexPage(**INDEX))
    index.save_revision().publish()
    return index


def _news_item(index, spec):
    if not isinstance(index, ActualitesIndexPage) or Page.objects.child_of(index).filter(slug=spec["slug"]).exists():
        return
    fields = {key: value for key, value in spec.items() if key not in {"themes", "territoires"}}
    page = ActualitePage(**fields)
    page.themes = list(Theme.objects.filter(nom__in=spec["themes"]))
    page.territoires = list(Territoire.objects.filter(libelle__in=spec["territoires"]))
    index.add_child(instance=page)
    page.save_revision().publish()
