"""Demo of the info-doc service, from seed 002: the request page, the questions-réponses page with
answers drawn from the report's examples, the 2022–2023 requests behind its figures (anonymised, as
they are past the retention period) and a few current requests. Idempotent.

Where the pages go: the home demo has a StandardPage `service-info-doc` presenting the service; the
request page is created under it as `demande-info-doc` and the questions-réponses page next to it
(`questions-reponses`). Without that StandardPage both are created under the home page, the
request page with the slug `service-info-doc`.
"""
import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from base_documentaire.models import Theme

from . import seed_figures
from .models import DemandeInfoDoc, DemandeInfoDocPage, InfoDocSettings, QuestionReponse, QuestionsReponsesPage, Statut

REQUEST_PAGE = {
    "title": "Poser une question au service info-doc",
    "intro": "<p>Ce service gratuit répond aux besoins d'information des acteur·rices du développement social et "
             "territorial : recherche de documents ressources, dossiers thématiques et bibliographies, orientation "
             "vers les personnes et expert·es pertinents, offres d'emploi spécialisées.</p>",
    "texte_donnees": "<p>Les informations de ce formulaire servent uniquement à traiter votre demande. Elles sont "
                     "conservées 36 mois puis anonymisées ; vous pouvez en demander la copie ou la suppression à "
                     "tout moment.</p>",
    "texte_merci": "<p>Nous vous répondons en général sous une semaine.</p>",
}
QUESTIONS_PAGE = {
    "title": "Questions-réponses",
    "intro": "<p>Des réponses du service info-doc, publiées avec l'accord de l'équipe et rendues anonymes.</p>",
}

QUESTIONS = [
    {"titre": "Trouver des intervenantes sur les femmes et l'entrepreneuriat",
     "question": "Nous préparons une matinée sur l'entrepreneuriat des femmes des quartiers. Pouvez-vous nous "
                 "indiquer des intervenantes et des associations qui travaillent sur ce sujet ?",
     "reponse": "Nous vous avons orientée vers des réseaux d'accompagnement à la création d'activité qui ont des "
                "programmes dédiés aux femmes des quartiers, et vers des associations de l'ouest francilien qui "
                "travaillent l'égalité professionnelle. Nous pouvons organiser une mise en relation.",
     "themes": ["Égalité femmes-hommes", "Création d'activité"], "date": datetime.date(2023, 3, 14)},
    {"titre": "Évaluer un contrat de ville : par où commencer ?",
     "question": "Notre contrat de ville arrive à échéance. Quels documents ressources et quels cabinets ont "
                 "accompagné des évaluations comparables ?",
     "reponse": "Une bibliographie sur l'évaluation des contrats de ville (guides nationaux, évaluations finales "
                "publiées par des intercommunalités) et une liste de cabinets ayant conduit ces évaluations en "
                "Île-de-France vous ont été transmises, avec les retours d'expérience de deux collectivités.",
     "themes": ["Ingénierie, évaluation et observation", "Contrats de ville"], "date": datetime.date(2023, 5, 9)},
    {"titre": "Statistiques des quartiers prioritaires de l'ouest francilien",
     "question": "Où trouver des données récentes sur la population des quartiers prioritaires des Yvelines et "
                 "du Val-d'Oise ?",
     "reponse": "Les données par quartier sont diffusées par l'observatoire national de la politique de la ville "
                "et l'Insee ; nous avons joint un tableau des indicateurs disponibles et les fiches territoires "
                "du site pour les quartiers concernés.",
     "themes": ["Quartiers prioritaires", "Ingénierie, évaluation et observation"], "date": datetime.date(2023, 6, 2)},
    {"titre": "Appliquer le principe de laïcité dans une structure de quartier",
     "question": "Des animateurs nous interrogent sur l'application de la loi dans un centre social. "
                 "Existe-t-il des ressources et des formations ?",
     "reponse": "Nous vous avons transmis les ressources du plan national de formation « Valeurs de la République "
                "et laïcité » et les coordonnées des formateurs habilités du département.",
     "themes": ["Laïcité et valeurs de la République"], "date": datetime.date(2023, 9, 19)},
    {"titre": "L'abattement de TFPB et son suivi",
     "question": "Comment suivre les contreparties de l'abattement de taxe foncière des bailleurs dans nos "
                 "quartiers ?",
     "reponse": "Le cadre national de l'abattement de TFPB, des exemples de conventions locales et de bilans "
                "annuels, et une grille de suivi utilisée par une agglomération de l'ouest francilien.",
     "themes": ["Abattement de TFPB", "Gestion urbaine et sociale de proximité"], "date": datetime.date(2023, 10, 5)},
    {"titre": "Réfléchir avec les habitants après les révoltes urbaines",
     "question": "Après les événements de juin 2023, nous souhaitons organiser un temps d'échange avec des "
                 "professionnels et des habitants. Quelles ressources et quels intervenants ?",
     "reponse": "Des travaux de chercheurs sur les révoltes urbaines de 2005 et 2023, des intervenants ayant animé "
                "des temps d'échange comparables et l'appui du centre pour construire la démarche.",
     "themes": ["Jeunesse", "Prévention et tranquillité publique"], "date": datetime.date(2023, 7, 11)},
]

CURRENT = [
    {"organisation": "Ville de Mantes-la-Jolie", "type_structure": "ville", "territoire": "Mantes-la-Jolie (78)",
     "question": "Nous cherchons des expériences de cités éducatives associant les parents.",
     "themes": ["Cités éducatives"], "statut": Statut.NOUVELLE},
    {"organisation": "Préfecture du Val-d'Oise", "type_structure": "institution", "territoire": "Val-d'Oise",
     "question": "Quels bilans des conventions d'abattement de TFPB existent dans la région ?",
     "themes": ["Abattement de TFPB"], "statut": Statut.EN_COURS},
    {"organisation": "Association de médiation", "type_structure": "association", "territoire": "Sarcelles (95)",
     "question": "Des ressources sur la médiation autour des relations affectives des jeunes filles ?",
     "themes": ["Médiation sociale", "Égalité femmes-hommes"], "statut": Statut.EN_ATTENTE},
]


@transaction.atomic
def load(home):
    request_page, parent = _pages(home)
    _settings(home)
    seed_figures.ensure_territories()
    for year in (2022, 2023):
        if not DemandeInfoDoc.objects.filter(annee=year).exists():
            seed_figures.build_year(year)
    _current_requests()
    for spec in QUESTIONS:
        _question(spec)
    return request_page


def _pages(home):
    request_page = DemandeInfoDocPage.objects.first()
    presentation = Page.objects.child_of(home).filter(slug="service-info-doc").exclude(
        pk=getattr(request_page, "pk", None)).first()
    parent = presentation or home
    if request_page is None:
        slug = "demande-info-doc" if presentation else "service-info-doc"
        request_page = parent.add_child(instance=DemandeInfoDocPage(slug=slug, **REQUEST_PAGE))
        request_page.save_revision().publish()
    if not QuestionsReponsesPage.objects.exists():
        questions = parent.add_child(instance=QuestionsReponsesPage(slug="questions-reponses", **QUESTIONS_PAGE))
        questions.save_revision().publish()
    return request_page, parent


def _settings(home):
    site = Site.objects.filter(root_page=home).first() or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    settings = InfoDocSettings.for_site(site)
    if settings.pk and settings.territoires_centre.exists():
        return
    settings.save()
    seed_figures.ensure_territories()
    settings.territoires_centre.set(seed_figures.centre_territories())


def _themes(names):
    return list(Theme.objects.filter(nom__in=names))


def _current_requests():
    year = timezone.localdate().year
    if DemandeInfoDoc.objects.filter(annee=year, anonymisee=False).exists():
        return
    territories = seed_figures.ensure_territories()
    for index, spec in enumerate(CURRENT):
        demande = DemandeInfoDoc.objects.create(
            nom="Contact de démonstration", email=f"demo-{index + 1}@example.org", consentement=True,
            consentement_le=timezone.now(), organisation=spec["organisation"], type_structure=spec["type_structure"],
            territoire=territories[spec["territoire"]], question=spec["question"], statut=spec["statut"])
        demande.themes.set(_themes(spec["themes"]))


def _question(spec):
    if QuestionReponse.objects.filter(titre=spec["titre"]).exists():
        return
    item = QuestionReponse(titre=spec["titre"], question=spec["question"], reponse=spec["reponse"],
                           date=spec["date"], live=True)
    item.themes = _themes(spec["themes"])
    item.save()
