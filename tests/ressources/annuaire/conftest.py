"""Directory fixtures: the demo site's home page, the directory page under it, acteurs and people."""
import datetime

import pytest

from ressources.annuaire.models import Acteur, AnnuairePage, Personne


@pytest.fixture
def directory(demo_site):
    page = demo_site.add_child(instance=AnnuairePage(title="Annuaire des acteurs", slug="annuaire",
                                                     intro="Les acteurs de la politique de la ville."))
    page.save_revision().publish()
    return page


def make_acteur(nom, *, themes=(), territoires=(), **fields):
    acteur = Acteur(nom=nom, **fields)
    acteur.themes = list(themes)  # parental relations: stored on save()
    acteur.territoires = list(territoires)
    acteur.save()
    return acteur


def make_personne(acteur, nom, prenom="", *, consent=True, **fields):
    if consent:
        fields.setdefault("consentement_publication", True)
        fields.setdefault("consentement_date", datetime.date(2024, 1, 15))
        fields.setdefault("consentement_source", "Courriel du 15 janvier 2024")
    return Personne.objects.create(acteur=acteur, nom=nom, prenom=prenom, **fields)


@pytest.fixture
def acteurs(vocabulary, contributeurs):
    v, c = vocabulary, contributeurs
    return {
        "vto": make_acteur("Villes et Territoires Occitanie", sigle="VTO", type_acteur="centre_ressources",
                           description="Centre de ressources politique de la ville d'Occitanie.",
                           email="contact@villesetterritoires.fr", site_web="https://www.villesetterritoires.fr/",
                           themes=[v["cohesion"]], territoires=[v["occitanie"]], contributeur=c["vto"]),
        "montpellier": make_acteur("Ville de Montpellier", type_acteur="collectivite",
                                   description="Direction de la cohésion sociale et du contrat de ville.",
                                   themes=[v["sante"]], territoires=[v["montpellier"]]),
        "resovilles": make_acteur("RésO Villes", type_acteur="centre_ressources",
                                  description="Centre de ressources de Bretagne et des Pays de la Loire.",
                                  themes=[v["emploi"]], territoires=[v["bretagne"]], contributeur=c["resovilles"]),
        "conseil": make_acteur("Conseil citoyen du quartier Mosson", type_acteur="conseil_citoyen",
                               description="Habitants et associations du quartier prioritaire.",
                               themes=[v["qpv"]], territoires=[v["montpellier"]]),
    }
