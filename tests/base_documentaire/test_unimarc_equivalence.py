"""The held-out corpus (50 CRPV publications, tests/fixtures/unimarc/, written by make_corpus.py)
imported from CSV, from UNIMARC ISO 2709 and from MARC XML gives the same searchable base: same
notices, fields, thèmes, territories, authors and keywords, found by the same searches, each once."""
from pathlib import Path

import pytest
from django.http import QueryDict

from base_documentaire import search_service
from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Notice, TermeCandidat, Territoire, Theme

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "unimarc"
TYPE = Notice._meta.get_field("type_document").attname
FIELDS = ("titre", "sous_titre", "resume", TYPE, "annee", "langue", "editeur", "lieu_edition", "collection",
          "collation", "isbn", "issn")
SEARCHES = ["conseils citoyens", "quartiers", "santé", "Villes et Territoires", "Durand", "webinaire",
            "égalité femmes", "film", "Résonances"]


@pytest.fixture
def corpus_vocabulary(db):
    themes = ["Participation citoyenne", "Commerce", "Renouvellement urbain", "Égalité femmes-hommes", "Culture",
              "Transition écologique", "Éducation", "Numérique", "Santé", "Cohésion sociale",
              "Emploi et développement économique"]
    for name in themes:
        Theme.objects.create(nom=name)
    Theme.objects.create(nom="Quartiers prioritaires", synonymes="QPV")
    occitanie = Territoire.objects.create(niveau="region", code="76", nom="Occitanie")
    for code, name in (("30", "Gard"), ("34", "Hérault")):
        Territoire.objects.create(niveau="departement", code=code, nom=name).parents.set([occitanie])
    Territoire.objects.create(niveau="commune", code="34172", nom="Montpellier")
    Territoire.objects.create(niveau="commune", code="30189", nom="Nîmes")
    Territoire.objects.create(niveau="region", code="53", nom="Bretagne")
    Territoire.objects.create(niveau="region", code="52", nom="Pays de la Loire")
    Territoire.objects.create(niveau="departement", code="95", nom="Val-d'Oise")


def snapshot(contributeur):
    notices = Notice.objects.filter(contributeur=contributeur).order_by("external_id")
    return {
        notice.external_id: (
            [getattr(notice, name) for name in FIELDS],
            [(a.nom, a.nature, a.role) for a in notice.auteurs.all()],
            sorted(theme.nom for theme in notice.themes.all()),
            sorted(territory.nom for territory in notice.territoires.all()),
            sorted(notice.mots_cles.names()),
            [link.url for link in notice.liens.all()],
            notice.live,
        )
        for notice in notices
    }


def found(contributeur, text):
    params = QueryDict(mutable=True)
    params.update({"q": text, "contributeur": contributeur.nom, "page_size": "100"})
    results = search_service.run(search_service.parse(params), highlight=False)
    ids = [notice.external_id for notice, _highlights in results.notices]
    assert len(ids) == len(set(ids))  # each notice once
    facets = {name: sorted((value, count) for value, count in values if name != "contributeur")
              for name, values in results.facets.items()}
    return sorted(ids), facets


@pytest.mark.parametrize("name, format", [("corpus.mrc", "unimarc"), ("corpus.xml", "marcxml")])
def test_corpus_from_unimarc_is_the_corpus_from_csv(search_index, corpus_vocabulary, name, format):
    from_csv = Contributeur.objects.create(code="csv", nom="Import CSV")
    from_marc = Contributeur.objects.create(code="marc", nom="Import UNIMARC")

    csv_report = import_file(CORPUS / "corpus.csv", contributeur=from_csv)
    marc_report = import_file(CORPUS / name, contributeur=from_marc)

    assert marc_report.format == format
    assert marc_report.created == csv_report.created == 50  # undeclared types kept (Recueil…)
    assert marc_report.rejected == csv_report.rejected == []
    assert marc_report.unknown_terms == csv_report.unknown_terms
    assert ("theme", "Alimentation") in marc_report.unknown_terms  # unknown labels wait as candidates
    assert ("territoire", "Toulouse") not in marc_report.unknown_terms  # 210$a is a place, not a territory
    expected = snapshot(from_csv)
    assert len(expected) == csv_report.created
    assert snapshot(from_marc) == expected
    for text in SEARCHES:
        csv_ids, csv_facets = found(from_csv, text)
        assert csv_ids, text
        assert found(from_marc, text) == (csv_ids, csv_facets), text
    assert TermeCandidat.objects.filter(libelle="Alimentation").exists()

    again = import_file(CORPUS / name, contributeur=from_marc)  # idempotent on 001
    assert (again.created, again.updated, again.unchanged) == (0, 0, marc_report.created)
