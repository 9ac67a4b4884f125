"""The info-doc activity of seed 002 (Pôle ressources, rapport d'activité 2023) as request data.

112 requests in 2023 and 116 in 2022, distributed so that the yearly figures match the report:
villes 50/112 = 44.6 % ("près de 45 %"), institutions 21/112 = 18.8 % (19 %; 12/116 = 10.3 % in
2022), associations 15/112 = 13.4 %; ingénierie 21/112 = 18.8 %, égalité 21/112 = 18.8 %, jeunesse
7/112 = 6.3 % ("près de 7 %"); 29/112 = 25.9 % from outside the ouest francilien (26 %); CA de
Cergy-Pontoise 9/112 = 8.0 % (8.1 % in the report, which no whole number of 112 gives) and
CA Roissy Pays de France 11/112 = 9.8 % ("près de 10 %"). Used by the demo and by the tests.
"""
import datetime
from itertools import cycle

from django.utils import timezone

from base_documentaire.models import Territoire, Theme

from .models import DemandeInfoDoc, Statut
from .models.demandes import ANONYMISED_TEXT

REGIONS = [("11", "Île-de-France"), ("53", "Bretagne"), ("76", "Occitanie")]
DEPARTEMENTS = [("78", "Yvelines", "11"), ("92", "Hauts-de-Seine", "11"), ("95", "Val-d'Oise", "11"),
                ("75", "Paris", "11"), ("77", "Seine-et-Marne", "11"), ("91", "Essonne", "11"),
                ("93", "Seine-Saint-Denis", "11")]
EPCI = [("249500109", "CA de Cergy-Pontoise", ["95"]),
        ("200055655", "CA Roissy Pays de France", ["95", "77"]),
        ("200059889", "CU Grand Paris Seine & Oise", ["78"]),
        ("200057966", "EPT Vallée Sud Grand Paris", ["92"]),
        ("200058485", "CA Val Parisis", ["95"]),
        ("200056380", "CA Plaine Vallée", ["95"]),
        ("200058519", "CA Saint Germain Boucles de Seine", ["78"])]
COMMUNES = [("95127", "Cergy", "249500109"), ("95500", "Pontoise", "249500109"),
            ("95585", "Sarcelles", "200055655"), ("95268", "Garges-lès-Gonesse", "200055655"),
            ("78361", "Mantes-la-Jolie", "200059889"), ("78440", "Les Mureaux", "200059889"),
            ("92007", "Bagneux", "200057966"), ("95018", "Argenteuil", "200058485"),
            ("95197", "Deuil-la-Barre", "200056380"), ("78586", "Sartrouville", "200058519")]
# The centre's territory: the ouest francilien.
CENTRE = ["Yvelines", "Hauts-de-Seine", "Val-d'Oise"]

INGENIERIE = "Ingénierie, évaluation et observation"
EGALITE = "Égalité femmes-hommes"
CONTRATS = "Contrats de ville"

# (type of organisation, number of requests)
TYPES = {
    2023: [("ville", 50), ("institution", 21), ("association", 15), ("epci", 10), ("autre", 5), ("bailleur", 4),
           ("habitant", 4), ("etudiant", 3)],
    2022: [("ville", 54), ("institution", 12), ("association", 16), ("epci", 14), ("autre", 8), ("bailleur", 5),
           ("habitant", 4), ("etudiant", 3)],
}
# (main theme, number of requests); the first SECOND_THEME_COUNT "Contrats de ville" requests are
# also tagged with the ingénierie theme (so it reaches 21 requests).
THEMES = {
    2023: [(INGENIERIE, 15), (EGALITE, 21), ("Jeunesse", 7), (CONTRATS, 20), ("Laïcité et valeurs de la République", 6),
           ("Abattement de TFPB", 5), ("Santé", 8), ("Participation des habitants et conseils citoyens", 8),
           ("Prévention et tranquillité publique", 6), ("Insertion professionnelle", 9), ("Quartiers prioritaires", 7)],
    2022: [(INGENIERIE, 18), (EGALITE, 16), ("Jeunesse", 5), (CONTRATS, 25), ("Laïcité et valeurs de la République", 8),
           ("Abattement de TFPB", 6), ("Santé", 10), ("Participation des habitants et conseils citoyens", 9),
           ("Prévention et tranquillité publique", 4), ("Insertion professionnelle", 9), ("Quartiers prioritaires", 6)],
}
SECOND_THEME_COUNT = {2023: 6, 2022: 4}
# (territory label, number of requests)
TERRITOIRES = {
    2023: [("Cergy (95)", 6), ("Pontoise (95)", 3), ("Sarcelles (95)", 7), ("Garges-lès-Gonesse (95)", 4),
           ("Mantes-la-Jolie (78)", 5), ("Les Mureaux (78)", 2), ("Bagneux (92)", 6), ("Argenteuil (95)", 5),
           ("Deuil-la-Barre (95)", 5), ("Sartrouville (78)", 10), ("Yvelines", 10), ("Val-d'Oise", 12),
           ("Hauts-de-Seine", 8), ("Seine-Saint-Denis", 12), ("Paris", 6), ("Essonne", 5), ("Occitanie", 3),
           ("Bretagne", 3)],
    2022: [("Cergy (95)", 10), ("Pontoise (95)", 2), ("Sarcelles (95)", 8), ("Garges-lès-Gonesse (95)", 3),
           ("Mantes-la-Jolie (78)", 7), ("Les Mureaux (78)", 3), ("Bagneux (92)", 5), ("Argenteuil (95)", 6),
           ("Deuil-la-Barre (95)", 4), ("Sartrouville (78)", 8), ("Yvelines", 12), ("Val-d'Oise", 14),
           ("Hauts-de-Seine", 6), ("Seine-Saint-Denis", 11), ("Paris", 8), ("Essonne", 5), ("Occitanie", 2),
           ("Bretagne", 2)],
}
# Calendar days from reception to answer, repeated over the year's requests.
DELAYS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]


def _expand(pairs):
    return [value for value, count in pairs for _ in range(count)]


def ensure_territories():
    """The seed's territories with their hierarchy (existing ones are kept, missing links added), by the
    labels used above (an official load may label them differently)."""
    found, labels = {}, {}
    for code, name in REGIONS:
        found[code] = _territory("region", code, name, [])
    for code, name, region in DEPARTEMENTS:
        found[code] = _territory("departement", code, name, [found[region]])
    for code, name, departements in EPCI:
        found[code] = _territory("epci", code, name, [found[d] for d in departements])
    for code, name, epci in COMMUNES:
        found[code] = _territory("commune", code, name, [found[epci]])
        labels[f"{name} ({code[:2]})"] = found[code]
    for groups in (REGIONS, DEPARTEMENTS, EPCI):
        labels.update({item[1]: found[item[0]] for item in groups})
    return labels


def _territory(niveau, code, nom, parents):
    territory, _ = Territoire.objects.get_or_create(niveau=niveau, code=code, defaults={"nom": nom})
    territory.parents.add(*parents)
    return territory


def centre_territories():
    return list(Territoire.objects.filter(niveau="departement", nom__in=CENTRE))


def build_year(year, *, anonymised=True):
    """Create the year's requests (received and answered that year); returns them."""
    territories = ensure_territories()
    themes = {name: Theme.objects.get_or_create(nom=name)[0]
              for name in {name for pairs in THEMES.values() for name, _ in pairs}}
    types, main_themes = _expand(TYPES[year]), _expand(THEMES[year])
    labels = _expand(TERRITOIRES[year])
    assert len(types) == len(main_themes) == len(labels), "a distribution does not add up"
    delays = cycle(DELAYS)
    second_theme_left = SECOND_THEME_COUNT[year]
    created = []
    for index, (type_structure, theme, label) in enumerate(zip(types, main_themes, labels)):
        received = timezone.make_aware(datetime.datetime(year, 1, 2, 10) + datetime.timedelta(days=index * 3 % 350))
        answered = received + datetime.timedelta(days=next(delays), hours=5)
        demande = DemandeInfoDoc.objects.create(
            recue_le=received, repondue_le=answered, statut=Statut.CLOSE, close_le=answered,
            type_structure=type_structure, territoire=territories[label], consentement=True, consentement_le=received,
            **_identity(year, index, anonymised))
        tags = [themes[theme]]
        if theme == CONTRATS and second_theme_left:
            tags.append(themes[INGENIERIE])
            second_theme_left -= 1
        demande.themes.set(tags)
        created.append(demande)
    return created


def _identity(year, index, anonymised):
    if anonymised:
        return {"nom": ANONYMISED_TEXT, "organisation": ANONYMISED_TEXT, "email": "", "question": ANONYMISED_TEXT,
                "anonymisee": True, "anonymisee_le": timezone.now()}
    return {"nom": f"Demandeur {year}-{index}", "organisation": f"Organisation {index}",
            "email": f"demandeur-{year}-{index}@example.org", "question": f"Question {index} de {year}."}
