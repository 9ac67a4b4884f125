"""Demo agenda, written from the seed documents (shared/seeds/): the RésO Villes cycle « Quartiers en
transitions #2 », the Villes et Territoires Occitanie webinaires of 2021, upcoming events dated from
today (so « à venir » is never empty) and one partners' event.

Idempotent: the index, the cycle and each event are found by slug; what exists is left as editors
made it, only missing pages are created. Assumes base_documentaire.demo.load(home) ran."""
import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from base_documentaire.models import Notice, Territoire, Theme
from ressources.annuaire.models import Acteur

from .models import AgendaIndexPage, CyclePage, EvenementPage, Seance

INDEX = {"title": "Agenda", "slug": "agenda", "show_in_menus": True,
         "intro": "Journées d'échanges, webinaires, formations et rencontres du centre de ressources, "
                  "et l'agenda des autres manifestations de nos partenaires."}

ACTEURS = {
    "vto": ("Villes et Territoires Occitanie", "centre_ressources"),
    "reso": ("RésO Villes", "centre_ressources"),
    "prvds": ("Pôle ressources ville et développement social", "centre_ressources"),
    "drac": ("DRAC Occitanie", "etat"),
    "unadel": ("UNADEL", "reseau"),
    "ftl": ("France Tiers-Lieux", "reseau"),
    "ehesp": ("EHESP", "universite"),
}


def _p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


CYCLE = {
    "slug": "quartiers-en-transitions-2", "title": "Quartiers en transitions #2",
    "chapo": "Mobilités, biodiversité, habiter, démocratie : la deuxième saison du cycle numérique de RésO "
             "Villes sur les dynamiques de transition à l'œuvre dans les quartiers.",
    "body": [_p("Rencontres, débats et solutions pour inspirer celles et ceux qui souhaitent aller de l'avant, "
                "en rapprochant des réseaux, des points de vue, des expériences et des territoires.")],
    "organisateurs": ["reso"], "themes": ["Transition écologique"], "territoires": ["Bretagne", "Pays de la Loire"],
}
CYCLE_SESSIONS = [
    ("quartiers-en-transitions-2-mobilites", "Les mobilités", datetime.date(2021, 3, 18), ["Mobilités"]),
    ("quartiers-en-transitions-2-biodiversite", "La biodiversité", datetime.date(2021, 5, 20),
     ["Transition écologique"]),
    ("quartiers-en-transitions-2-habiter", "L'habiter", datetime.date(2021, 9, 23), ["Logement"]),
    ("quartiers-en-transitions-2-democratie", "La démocratie", datetime.date(2021, 11, 18),
     ["Participation des habitants et conseils citoyens"]),
]


def _past_events():
    return [
        {"slug": "webinaire-emancipation-au-feminin", "kind": "webinaire", "format": "distance",
         "title": "L'émancipation au féminin, au-delà d'un idéal : quels leviers d'action en politique de la ville ?",
         "chapo": "Webinaire régional : comment la politique de la ville peut-elle favoriser l'émancipation des "
                  "habitantes des quartiers ? Quelle participation favorise-t-on à travers les actions menées "
                  "pour et avec elles ?",
         "seances": [(datetime.date(2021, 3, 25), (10, 0), (12, 30), False)],
         "public_vise": "Chef·fes de projet politique de la ville, services de l'État, associations",
         "organisateurs": ["vto"], "compte_rendu": "<p>La synthèse des interventions et les liens vers la "
         "rediffusion vidéo de chacune d'elles sont disponibles dans la base documentaire.</p>",
         "notices": ["demo-1"], "themes": ["Égalité femmes-hommes", "Participation des habitants et conseils citoyens"],
         "territoires": ["Occitanie"]},
        {"slug": "webinaire-acces-a-l-offre-culturelle", "kind": "webinaire", "format": "distance",
         "title": "Favoriser l'accès des habitants des QPV à l'offre culturelle",
         "chapo": "Quels partenariats entre structures culturelles et acteurs de proximité dans les quartiers ? "
                  "Musées et centres d'art, musiques actuelles, Micro-Folies et Démos.",
         "seances": [(datetime.date(2021, 3, 4), (14, 0), (16, 30), False)],
         "public_vise": "Acteurs de la politique de la ville et structures culturelles d'Occitanie",
         "organisateurs": ["vto"], "partenaires": ["drac"], "notices": ["demo-2"],
         "compte_rendu": "<p>Un document de restitution résume chaque intervention, centrée sur les actions en "
                         "direction des QPV, avec un lien vers la séquence vidéo correspondante.</p>",
         "themes": ["Culture", "Quartiers prioritaires"], "territoires": ["Occitanie"]},
    ]


def _upcoming_events(today):
    def day(offset):
        return today + datetime.timedelta(days=offset)

    return [
        {"slug": "formation-politique-de-la-ville-mode-d-emploi", "kind": "formation", "format": "presentiel",
         "title": "Formation : la politique de la ville, mode d'emploi",
         "chapo": "Deux journées pour les nouveaux professionnel·les : histoire, géographie prioritaire, "
                  "contrats de ville « Quartiers 2030 » et acteurs.",
         "seances": [(day(12), (9, 30), (17, 0), False), (day(13), (9, 30), (16, 30), False)],
         "lieu": "Maison de la vie associative", "adresse": "Montpellier",
         "public_vise": "Professionnel·les nouvellement en poste", "organisateurs": ["vto"],
         "inscription": "formulaire", "capacite": 20,
         "themes": ["Contrats de ville", "Quartiers prioritaires"], "territoires": ["Montpellier (34)"]},
        {"slug": "journee-le-numerique-au-dela-de-la-fracture", "kind": "journee_echanges", "format": "presentiel",
         "title": "Le numérique, au-delà de la fracture",
         "chapo": "Journée d'échanges sur l'inclusion et la médiation numériques dans les quartiers et les "
                  "démarches d'« aller vers ».",
         "seances": [(day(24), None, None, True)], "lieu": "Rennes", "organisateurs": ["reso"],
         "partenaires": ["unadel"], "inscription": "formulaire", "capacite": 80,
         "message_confirmation": "Accueil à partir de 9 h. Déjeuner offert sur place.",
         "themes": ["Numérique", "Accès aux droits"], "territoires": ["Rennes (35)"]},
        {"slug": "groupe-de-travail-sante-dans-les-quartiers", "kind": "groupe_travail", "format": "distance",
         "title": "Groupe de travail : enjeux de santé dans les quartiers prioritaires",
         "chapo": "État des lieux partagé et programme d'action, en partenariat avec l'EHESP.",
         "seances": [(day(33), (14, 0), (16, 0), False)], "organisateurs": ["reso"], "partenaires": ["ehesp"],
         "themes": ["Santé"], "territoires": ["Bretagne", "Pays de la Loire"]},
        {"slug": "rencontre-interregionale-conseils-citoyens", "kind": "rencontre", "format": "hybride",
         "title": "Rencontre interrégionale des animateurs des conseils citoyens",
         "chapo": "Échanges de pratiques entre animateur·rices de conseils citoyens de Bretagne et des Pays "
                  "de la Loire.", "seances": [(day(47), (9, 30), (16, 30), False)], "lieu": "Nantes",
         "organisateurs": ["reso"], "inscription": "formulaire", "capacite": 40,
         "themes": ["Participation des habitants et conseils citoyens"], "territoires": ["Nantes (44)"]},
        {"slug": "rencontre-tiers-lieux-et-quartiers", "kind": "rencontre", "format": "presentiel",
         "title": "Tiers-lieux et fabriques de territoire dans les quartiers",
         "chapo": "Une rencontre de France Tiers-Lieux ouverte aux acteurs de la politique de la ville.",
         "seances": [(day(60), None, None, True)], "autre_manifestation": True, "organisateurs": ["ftl"],
         "themes": ["Économie sociale et solidaire"], "territoires": ["Loire-Atlantique"]},
    ]


@transaction.atomic
def load(home):
    index = _index(home)
    if not isinstance(index, AgendaIndexPage):
        return index
    cycle = _cycle(index)
    if isinstance(cycle, CyclePage):
        for slug, theme, date, themes in CYCLE_SESSIONS:
            _event(cycle, {"slug": slug, "title": f"Quartiers en transitions #2 : {theme.lower()}",
                           "kind": "facebook_live", "format": "distance", "organisateurs": ["reso"],
                           "chapo": f"{theme} : témoignages, débat et solutions inspirantes, en direct.",
                           "seances": [(date, (11, 0), (12, 30), False)], "themes": themes,
                           "territoires": ["Bretagne", "Pays de la Loire"]})
    for spec in _past_events() + _upcoming_events(timezone.localdate()):
        _event(index, spec)
    return index


def _index(home):
    existing = Page.objects.child_of(home).filter(slug=INDEX["slug"]).first()
    if existing is not None:
        return existing.specific
    index = home.add_child(instance=AgendaIndexPage(**INDEX))
    index.save_revision().publish()
    return index


def _cycle(index):
    existing = Page.objects.child_of(index).filter(slug=CYCLE["slug"]).first()
    if existing is not None:
        return existing.specific
    cycle = CyclePage(**{key: value for key, value in CYCLE.items()
                         if key not in {"organisateurs", "themes", "territoires"}})
    cycle.organisateurs = _acteurs(CYCLE["organisateurs"])
    _tag(cycle, CYCLE)
    index.add_child(instance=cycle)
    cycle.save_revision().publish()
    return cycle


RELATIONS = {"seances", "organisateurs", "partenaires", "notices", "themes", "territoires"}


def _event(parent, spec):
    if Page.objects.child_of(parent).filter(slug=spec["slug"]).exists():
        return
    page = EvenementPage(**{key: value for key, value in spec.items() if key not in RELATIONS})
    page.seances = [_seance(*row) for row in spec["seances"]]
    page.organisateurs = _acteurs(spec.get("organisateurs", ()))
    page.partenaires = _acteurs(spec.get("partenaires", ()))
    page.notices = list(Notice.objects.filter(external_id__in=spec.get("notices", ())))
    _tag(page, spec)
    parent.add_child(instance=page)
    page.save_revision().publish()


def _seance(date, start, end, all_day):
    def at(hour_minute):
        return timezone.make_aware(datetime.datetime.combine(date, datetime.time(*hour_minute)))

    if all_day:
        return Seance(debut=at((9, 0)), journee_entiere=True)
    return Seance(debut=at(start), fin=at(end) if end else None)


def _tag(page, spec):
    page.themes = list(Theme.objects.filter(nom__in=spec.get("themes", ())))
    page.territoires = list(Territoire.objects.filter(libelle__in=spec.get("territoires", ())))


def _acteurs(keys):
    return [_acteur(*ACTEURS[key]) for key in keys]


def _acteur(nom, type_acteur):
    """The annuaire's acteur of that name (or acronym), created when the annuaire has none."""
    existing = Acteur.objects.filter(nom__iexact=nom).first() or Acteur.objects.filter(sigle__iexact=nom).first()
    return existing or Acteur.objects.create(nom=nom, type_acteur=type_acteur)
