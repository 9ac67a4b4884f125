"""Demo publications, from the seed documents (the 2023 activity report of the Pôle ressources ville et
développement social, seed 002; the "fiche type" of RésO Villes, seed 001). Idempotent: pages are
found by slug and never overwritten. Publishing them creates their notices (notices.py).

Assumes base_documentaire.demo.load(home) ran (thèmes, territoires, contributors, documentary page).
"""
import datetime
import io
import wave

from django.core.files.base import ContentFile
from django.db import transaction

from base_documentaire import indexing
from base_documentaire.models import Contributeur, Fichier, Territoire, Theme
from ressources.annuaire.models import Acteur, TypeActeur

from .models import (FicheExperiencePage, Kind, LettreInformationIndexPage, LettreInformationPage,
                     PublicationAuteur, PublicationPage, PublicationsIndexPage)

POLE = "Pôle ressources ville et développement social"

INDEX = {
    "title": "Nos publications", "slug": "publications", "show_in_menus": True,
    "intro": "Actes, synthèses, dossiers, fiches expériences, podcasts et la lettre Résonances : ce que le "
             "centre publie pour capitaliser et diffuser les savoirs et les expériences des territoires.",
}

PUBLICATIONS = [
    {"slug": "participation-des-habitantes-et-quartiers-populaires", "kind": Kind.ACTES,
     "title": "Participation des habitant·es et quartiers populaires : enjeux et pratiques à l'aune des "
              "nouveaux contrats de ville",
     "date": datetime.date(2023, 10, 12),
     "resume": "Les apports d'un séminaire du Pôle ressources : comment la parole des habitant·es peut "
               "nourrir et améliorer les futurs contrats de ville, de leur élaboration à leur suivi.",
     "themes": ["Participation des habitants et conseils citoyens", "Contrats de ville"],
     "territoires": ["Île-de-France"]},
    {"slug": "journee-des-adultes-relais-des-yvelines", "kind": Kind.SYNTHESE,
     "title": "Journée départementale des adultes-relais des Yvelines",
     "date": datetime.date(2023, 6, 20),
     "resume": "Synthèse d'une journée dédiée aux médiateur·rices adultes-relais et à leurs employeur·euses, "
               "avec les services de la préfecture des Yvelines : connaître le dispositif, encourager la "
               "professionnalisation et l'échange de pratiques entre pairs.",
     "themes": ["Médiation sociale"], "territoires": ["Yvelines"]},
    {"slug": "economie-circulaire-quartiers-populaires", "kind": Kind.SYNTHESE,
     "title": "Quelle économie circulaire pour des quartiers populaires et solidaires ?",
     "date": datetime.date(2023, 4, 6),
     "resume": "Synthèse des webinaires du cycle « Transition écologique et quartiers populaires » : "
               "éclairages d'expert·es et expériences locales sur les enjeux sociaux, économiques et "
               "environnementaux des territoires populaires.",
     "themes": ["Économie sociale et solidaire", "Transition écologique"], "territoires": ["Île-de-France"]},
    {"slug": "acces-a-une-alimentation-durable-et-de-qualite", "kind": Kind.ACTES,
     "title": "Accès à une alimentation durable et de qualité",
     "date": datetime.date(2023, 3, 14),
     "resume": "Troisième journée du cycle « Transition écologique et quartiers populaires » : l'accès des "
               "habitant·es des quartiers à une alimentation plus saine, durable et de qualité.",
     "themes": ["Alimentation", "Santé"], "territoires": ["Val-d'Oise"]},
    {"slug": "eclairages-sur-les-revoltes-urbaines", "kind": Kind.DOSSIER_PRESSE,
     "title": "Éclairages sur les révoltes urbaines",
     "date": datetime.date(2023, 9, 15),
     "resume": "Une sélection d'articles de presse, de tribunes et d'entretiens parus après les révoltes "
               "urbaines de l'été 2023.",
     "themes": ["Prévention et tranquillité publique", "Quartiers prioritaires"], "territoires": []},
    {"slug": "kit-limits", "kind": Kind.KIT,
     "title": "Kit Limit's : un outil pour prévenir l'entrée des jeunes dans les trafics",
     "date": datetime.date(2023, 5, 2),
     "resume": "Un livret et des capsules vidéo pour sensibiliser le jeune public aux conséquences de "
               "l'entrée dans les réseaux de trafic de stupéfiants, fruit d'une expérimentation menée avec "
               "la ville de Sarcelles et la préfecture du Val-d'Oise.",
     "themes": ["Prévention et tranquillité publique", "Jeunesse"], "territoires": ["Sarcelles (95)"],
     "auteurs": ["Projet 2014"]},
    {"slug": "recueil-fiches-experiences-2023", "kind": Kind.RECUEIL,
     "title": "Recueil des fiches expériences 2023",
     "date": datetime.date(2024, 1, 15),
     "resume": "Les dix fiches expériences parues en 2023 dans Résonances : jeunesse, santé mentale, "
               "participation, logement, égalité femmes-hommes, dans les territoires de l'ouest francilien.",
     "themes": ["Développement social"], "territoires": ["Yvelines", "Hauts-de-Seine", "Val-d'Oise"]},
    {"slug": "priorite-aux-quartiers-podcast", "kind": Kind.PODCAST,
     "title": "Priorité aux quartiers : de l'observation à la contractualisation",
     "date": datetime.date(2023, 11, 28),
     "resume": "Podcast du cycle « Les territoires à la loupe » : des méthodes d'observation inspirantes "
               "pour nourrir l'élaboration des nouveaux contrats de ville.",
     "themes": ["Ingénierie, évaluation et observation", "Contrats de ville"], "territoires": ["Île-de-France"],
     "auteurs": ["Le Compas", "Institut Paris Région"],
     "transcript": (
         "<p><b>Pôle ressources</b> : Bienvenue dans ce podcast du Pôle ressources. Cet épisode prolonge le "
         "second temps du cycle « Les territoires à la loupe », consacré à l'observation des quartiers "
         "prioritaires.</p>"
         "<p><b>Pôle ressources</b> : Avec un bureau d'études spécialisé dans l'analyse des territoires et "
         "l'institut d'urbanisme régional, nous revenons sur les données disponibles à l'échelle des "
         "quartiers, sur la manière de les partager avec les habitant·es et les partenaires, et sur leur "
         "usage pour préparer les nouveaux contrats de ville.</p>")},
]

FICHE = {
    "slug": "cooperative-nutrition-est-val-d-oise",
    "title": "La coopérative d'actrices et d'acteurs nutrition de l'Est du Val-d'Oise",
    "date": datetime.date(2023, 12, 5),
    "date_debut": datetime.date(2023, 3, 1),
    "resume": "Habitant·es, professionnel·les et élu·es de cinq villes coconstruisent des actions de "
              "promotion de la santé : défis culinaires, puis activités physiques et Olympiades intercommunales.",
    "themes": ["Alimentation", "Santé", "Participation des habitants et conseils citoyens"],
    "territoires": ["Val-d'Oise", "Sarcelles (95)"],
    "contexte": "<p>Dans l'Est du Val-d'Oise, les habitant·es des quartiers populaires sont plus qu'ailleurs "
                "confronté·es à l'obésité et au diabète. Avec la délégation départementale de l'ARS, le Pôle "
                "ressources anime une coopérative d'acteur·rices de cinq villes, dont Gonesse, "
                "Goussainville, Garges-lès-Gonesse et Sarcelles.</p>",
    "deroulement": "<p>Le premier volet, centré sur l'alimentation, s'est clos en 2023 par un brunch "
                   "intercommunal et la diffusion du livret des recettes imaginées lors des défis culinaires. "
                   "Le second volet, lancé en mars 2023, porte sur l'activité physique : trois ateliers "
                   "intercommunaux de coconstruction par an et des ateliers communaux où les habitant·es "
                   "choisissent leurs activités (initiation au golf à Gonesse, Bungy Pump à Garges-lès-Gonesse, "
                   "jardin pédagogique à Sarcelles).</p>",
    "objectifs": "<ul><li>Faire évoluer les pratiques alimentaires et d'activité physique par la "
                 "coconstruction avec les habitant·es ;</li><li>Renforcer l'interconnaissance entre habitant·es, "
                 "professionnel·les et élu·es des cinq villes ;</li><li>Organiser en 2024 des Olympiades : "
                 "défis sportifs, repas partagé et stands d'information.</li></ul>",
    "bilan": "<p>L'évaluation de la première édition, présentée aux élu·es en décembre 2023, s'appuie sur des "
             "entretiens collectifs : motivation, apprentissages, changements de pratiques alimentaires et "
             "diffusion dans les collectivités. Elle montre le poids de l'environnement social et physique sur "
             "ces changements et ouvre une réflexion sur la place des élu·es dans la gouvernance de la "
             "coopérative. Les services des sports des villes et le comité départemental olympique et sportif "
             "ont rejoint la démarche.</p>",
    "contact_service": "Pôle ressources, mission santé et alimentation",
}

NEWSLETTER = {
    "slug": "resonances", "title": "Résonances",
    "intro": "La lettre d'information mensuelle du Pôle ressources, adressée à près de 7 500 acteur·rices de la "
             "politique de la ville et du développement social : l'activité de l'association, l'actualité, une "
             "initiative des territoires de l'ouest francilien et des ressources repérées.",
}

ISSUES = [
    {"slug": "resonances-1", "numero": 1, "title": "Parole habitante et contrats de ville",
     "date": datetime.date(2023, 11, 6),
     "resume": "Retour sur le séminaire « Participation des habitant·es et quartiers populaires », la "
               "coopérative nutrition de l'Est du Val-d'Oise, un dossier de presse sur les révoltes urbaines.",
     "themes": ["Participation des habitants et conseils citoyens", "Contrats de ville"],
     "territoires": ["Île-de-France"],
     "body": [
         {"type": "heading", "value": {"text": "L'activité du Pôle ressources", "level": "h2"}},
         {"type": "paragraph", "value": "<p>Les actes du séminaire « Participation des habitant·es et "
                                         "quartiers populaires » sont en ligne : comment la parole des "
                                         "habitant·es peut-elle nourrir les futurs contrats de ville ?</p>"},
         {"type": "heading", "value": {"text": "Une initiative dans les territoires", "level": "h2"}},
         {"type": "paragraph", "value": "<p>Dans l'Est du Val-d'Oise, la coopérative d'actrices et d'acteurs "
                                         "nutrition lance son second volet, consacré à l'activité physique.</p>"},
         {"type": "heading", "value": {"text": "Ressources", "level": "h2"}},
         {"type": "paragraph", "value": "<p>Éclairages sur les révoltes urbaines : notre sélection d'articles, "
                                         "de tribunes et d'entretiens.</p>"},
     ]},
    {"slug": "resonances-2", "numero": 2, "title": "Observer les quartiers pour mieux contractualiser",
     "date": datetime.date(2023, 12, 4),
     "resume": "Le podcast « Priorité aux quartiers », la journée des adultes-relais des Yvelines, la "
               "parentalité dans les quartiers prioritaires.",
     "themes": ["Ingénierie, évaluation et observation", "Parentalité et familles"],
     "territoires": ["Yvelines"],
     "body": [
         {"type": "heading", "value": {"text": "L'activité du Pôle ressources", "level": "h2"}},
         {"type": "paragraph", "value": "<p>Nouveau podcast : « Priorité aux quartiers : de l'observation à la "
                                         "contractualisation », dans le cycle « Les territoires à la loupe ».</p>"},
         {"type": "heading", "value": {"text": "L'actualité", "level": "h2"}},
         {"type": "paragraph", "value": "<p>À Chanteloup-les-Vignes, une séance du Conseil national de la "
                                         "refondation a réuni 104 personnes, dont 53 parents de neuf villes "
                                         "des Yvelines, autour de la parentalité dans les quartiers "
                                         "prioritaires. Le répit parental a été la thématique la plus "
                                         "plébiscitée.</p>"},
     ]},
]


@transaction.atomic
def load(home):
    index = _index(home)
    for spec in PUBLICATIONS:
        _publication(index, spec)
    _fiche(index)
    newsletter = _newsletter(index)
    for spec in ISSUES:
        _issue(newsletter, spec)
    indexing.sync(refresh=True)
    return index


def _index(home):
    index = PublicationsIndexPage.objects.child_of(home).filter(slug=INDEX["slug"]).first()
    if index is None:
        index = home.add_child(instance=PublicationsIndexPage(**INDEX))
        index.save_revision().publish()
    return index


def _exists(parent, slug):
    return parent.get_children().filter(slug=slug).exists()


def _create(parent, page, spec):
    """Add the page with its vocabulary and authors, then publish it (which creates its notice)."""
    page.themes = list(Theme.objects.filter(nom__in=spec.get("themes", ())))
    page.territoires = list(Territoire.objects.filter(libelle__in=spec.get("territoires", ())))
    pole = _pole_acteur()
    page.auteurs = [PublicationAuteur(acteur=pole)] + [PublicationAuteur(nom=name) for name in spec.get("auteurs", ())]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _publication(index, spec):
    if _exists(index, spec["slug"]):
        return
    fields = {key: spec[key] for key in ("slug", "kind", "title", "date", "resume")}
    page = PublicationPage(**fields, transcript=spec.get("transcript", ""))
    if spec["kind"] == Kind.PODCAST:
        page.audio = _audio_file(f"{spec['title']} (audio)")
    _create(index, page, spec)


def _fiche(index):
    if _exists(index, FICHE["slug"]):
        return
    fields = {key: value for key, value in FICHE.items() if key not in {"themes", "territoires"}}
    pole = _pole_acteur()
    _create(index, FicheExperiencePage(**fields, porteur=pole, contact=pole), FICHE)


def _newsletter(index):
    newsletter = LettreInformationIndexPage.objects.child_of(index).filter(slug=NEWSLETTER["slug"]).first()
    if newsletter is None:
        newsletter = index.add_child(instance=LettreInformationIndexPage(**NEWSLETTER))
        newsletter.save_revision().publish()
    return newsletter


def _issue(newsletter, spec):
    if _exists(newsletter, spec["slug"]):
        return
    fields = {key: spec[key] for key in ("slug", "numero", "title", "date", "resume", "body")}
    _create(newsletter, LettreInformationPage(**fields), spec)


def _pole_acteur():
    """The centre itself in the annuaire (found by name, so the annuaire's own demo may create it first)."""
    acteur = Acteur.objects.filter(nom__iexact=POLE).first()
    if acteur is None:
        acteur = Acteur.objects.create(
            nom=POLE, sigle="PRVDS", type_acteur=TypeActeur.CENTRE_RESSOURCES,
            site_web="https://www.lepoleressources.fr/",
            description="Centre de ressources politique de la ville du Val-d'Oise, des Yvelines et des "
                        "Hauts-de-Seine.",
            contributeur=Contributeur.objects.filter(code="prvds", acteur__isnull=True).first())
    return acteur


def _audio_file(title):
    """A short silent recording standing in for the podcast's sound file."""
    fichier = Fichier.objects.filter(title=title).first()
    if fichier is None:
        fichier = Fichier(title=title)
        fichier.file.save("priorite-aux-quartiers.wav", ContentFile(_silence()), save=False)
        fichier.save()
    return fichier


def _silence(seconds=2, rate=8000):
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(1)
        recording.setframerate(rate)
        recording.writeframes(b"\x80" * rate * seconds)
    return buffer.getvalue()
