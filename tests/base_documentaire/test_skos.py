"""The thesaurus exchanged as SKOS: the export's shape (parsed back with rdflib and queried), the
import's matching, additions, warnings and idempotence, and the round trip."""
import io

import pytest
from django.core.management import call_command
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from base_documentaire import skos
from base_documentaire.models import Theme
from base_documentaire.skos_import import import_thesaurus

BASE = "https://crpv.example.org"
PREFIXES = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <http://vocab.example.net/> .\n"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE + "/"
    settings.WAGTAIL_SITE_NAME = "CRPV Exemple"


@pytest.fixture
def thesaurus(db):
    cohesion = Theme.objects.create(nom="Cohésion sociale", note="Liens entre habitants.\nVie des quartiers.")
    sante = Theme.objects.create(nom="Santé", parent=cohesion, synonymes="santé publique\nCLS")
    mentale = Theme.objects.create(nom="Santé mentale", parent=sante)
    qpv = Theme.objects.create(nom="Quartiers prioritaires", synonymes="QPV\nquartier prioritaire")
    emploi = Theme.objects.create(nom="Emploi")
    sante.associes.add(emploi)
    return {"cohesion": cohesion, "sante": sante, "mentale": mentale, "qpv": qpv, "emploi": emploi}


def uri(slug):
    return URIRef(f"{BASE}/thesaurus/{slug}")


def parsed(fmt):
    return Graph().parse(data=skos.export_thesaurus(fmt), format={"turtle": "turtle", "xml": "xml"}[fmt])


def run(text, **options):
    return import_thesaurus(io.BytesIO(text.encode("utf-8") if isinstance(text, str) else text), **options)


def state():
    """The whole thesaurus as comparable values (labels, not ids; RDF keeps no order of synonyms)."""
    related = {(t.nom, o.nom) for t in Theme.objects.all() for o in t.associes.all()}
    return sorted((t.nom, t.slug, tuple(sorted(t.synonym_list())), t.note, t.parent.nom if t.parent else None)
                  for t in Theme.objects.select_related("parent")), sorted(related)


# -- Export -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "xml"])
def test_export_is_a_concept_scheme_of_every_theme(thesaurus, fmt):
    graph = parsed(fmt)
    scheme = URIRef(f"{BASE}/thesaurus/")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert concepts == {uri(t.slug) for t in Theme.objects.all()}
    assert all((c, SKOS.inScheme, scheme) in graph for c in concepts)
    sante = uri("sante")
    assert set(graph.objects(sante, SKOS.prefLabel)) == {Literal("Santé", lang="fr")}
    assert set(graph.objects(sante, SKOS.altLabel)) == {Literal("santé publique", lang="fr"), Literal("CLS", lang="fr")}
    assert (sante, SKOS.broader, uri("cohesion-sociale")) in graph
    assert (uri("cohesion-sociale"), SKOS.narrower, sante) in graph
    assert (sante, SKOS.related, uri("emploi")) in graph and (uri("emploi"), SKOS.related, sante) in graph
    note = graph.value(uri("cohesion-sociale"), SKOS.scopeNote)
    assert note == Literal("Liens entre habitants.\nVie des quartiers.", lang="fr")


def test_roots_are_the_top_concepts(thesaurus):
    graph = parsed("turtle")
    scheme = URIRef(f"{BASE}/thesaurus/")
    roots = {uri("cohesion-sociale"), uri("quartiers-prioritaires"), uri("emploi")}
    assert set(graph.objects(scheme, SKOS.hasTopConcept)) == roots
    assert set(graph.subjects(SKOS.topConceptOf, scheme)) == roots
    assert not list(graph.objects(uri("sante"), SKOS.topConceptOf))


def test_uris_stay_when_a_theme_is_renamed(thesaurus):
    thesaurus["sante"].nom = "Santé publique et accès aux soins"
    thesaurus["sante"].save()
    graph = parsed("turtle")
    assert graph.value(uri("sante"), SKOS.prefLabel) == Literal("Santé publique et accès aux soins", lang="fr")


def test_export_command_writes_turtle_and_rdf_xml(thesaurus, tmp_path, capsys):
    call_command("export_thesaurus", "--format", "xml", "-o", str(tmp_path / "t.rdf"))
    assert (tmp_path / "t.rdf").read_bytes().startswith(b"<?xml")
    assert len(set(Graph().parse(tmp_path / "t.rdf", format="xml").subjects(RDF.type, SKOS.Concept))) == 5
    call_command("export_thesaurus")  # Turtle on the standard output by default
    graph = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert len(set(graph.subjects(RDF.type, SKOS.Concept))) == 5


def test_export_of_an_empty_thesaurus_is_an_empty_scheme(db):
    graph = parsed("turtle")
    assert len(graph) == 2  # the scheme and its title


# -- Round trip and idempotence -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "xml"])
def test_round_trip_gives_back_the_same_thesaurus(thesaurus, fmt):
    before = state()
    data = skos.export_thesaurus(fmt)
    Theme.associes.through.objects.all().delete()
    Theme.objects.filter(parent__isnull=False).update(parent=None)
    Theme.objects.all().delete()
    report = run(data)
    assert len(report.created) == 5 and not report.warnings
    assert state() == before
    assert isomorphic(parsed(fmt), Graph().parse(data=data, format="turtle" if fmt == "turtle" else "xml"))


def test_importing_our_own_export_twice_changes_nothing(thesaurus):
    data = skos.export_thesaurus("turtle")
    before = state()
    first = run(data)
    second = run(data)
    assert len(first.unchanged) == len(second.unchanged) == 5
    assert not (first.created or first.updated or second.created or second.updated)
    assert state() == before


def test_a_foreign_thesaurus_twice_creates_once(db):
    text = PREFIXES + """
    ex:a a skos:Concept ; skos:prefLabel "Habitat"@fr ; skos:altLabel "Logement"@fr ; skos:related ex:b .
    ex:b a skos:Concept ; skos:prefLabel "Urbanisme"@fr ; skos:broader ex:c .
    ex:c a skos:Concept ; skos:prefLabel "Cadre de vie"@fr ; skos:scopeNote "Espaces publics."@fr .
    """
    first = run(text)
    snapshot = state()
    second = run(text)
    assert sorted(first.created) == ["Cadre de vie", "Habitat", "Urbanisme"]
    assert second.created == [] and second.updated == [] and len(second.unchanged) == 3
    assert state() == snapshot
    habitat = Theme.objects.get(nom="Habitat")
    assert habitat.synonym_list() == ["Logement"]
    assert [t.nom for t in habitat.associes.all()] == ["Urbanisme"]
    assert [t.nom for t in Theme.objects.get(nom="Urbanisme").associes.all()] == ["Habitat"]  # both ways
    assert Theme.objects.get(nom="Urbanisme").parent.nom == "Cadre de vie"
    assert Theme.objects.get(nom="Cadre de vie").note == "Espaces publics."


# -- Matching and updating --------------------------------------------------------------------------


def test_matched_by_uri_the_theme_is_renamed(thesaurus):
    text = PREFIXES + f'<{BASE}/thesaurus/sante> a skos:Concept ; skos:prefLabel "Santé et soins"@fr .'
    report = run(text)
    sante = Theme.objects.get(pk=thesaurus["sante"].pk)
    assert sante.nom == "Santé et soins" and sante.slug == "sante"
    assert report.updated == [("Santé et soins", ["terme préférentiel"])]


def test_matched_by_folded_label_the_theme_is_completed(thesaurus):
    text = PREFIXES + """ex:x a skos:Concept ; skos:prefLabel "SANTE"@fr ; skos:altLabel "CLS"@fr, "ARS"@fr ;
        skos:scopeNote "Accès aux soins."@fr ; skos:related ex:y .
    ex:y a skos:Concept ; skos:prefLabel "quartiers prioritaires" ."""
    report = run(text)
    sante = Theme.objects.get(pk=thesaurus["sante"].pk)
    assert sante.nom == "Santé"  # a label match keeps our spelling
    assert sante.synonym_list() == ["santé publique", "CLS", "ARS"]  # added, ours kept
    assert sante.note == "Accès aux soins."
    assert {t.nom for t in sante.associes.all()} == {"Emploi", "Quartiers prioritaires"}  # added, ours kept
    assert report.created == []
    assert dict(report.updated)["Santé"] == ["synonymes", "note d'application", "termes associés"]
    assert "Santé" in report.kept  # "santé publique" and Emploi are not in the file


def test_broader_term_given_by_the_file_moves_the_theme(thesaurus):
    text = PREFIXES + f"""<{BASE}/thesaurus/sante-mentale> a skos:Concept ; skos:prefLabel "Santé mentale"@fr ;
        skos:broader <{BASE}/thesaurus/cohesion-sociale> ."""
    report = run(text)
    assert Theme.objects.get(nom="Santé mentale").parent.nom == "Cohésion sociale"
    assert report.updated == [("Santé mentale", ["terme générique"])]


def test_a_concept_without_broader_term_keeps_its_place(thesaurus):
    run(PREFIXES + 'ex:m a skos:Concept ; skos:prefLabel "Santé mentale"@fr .')
    assert Theme.objects.get(nom="Santé mentale").parent.nom == "Santé"


def test_several_broader_terms_keep_the_first_and_say_so(db):
    report = run(PREFIXES + """
    ex:a a skos:Concept ; skos:prefLabel "Jardins partagés"@fr ; skos:broader ex:c, ex:b .
    ex:b a skos:Concept ; skos:prefLabel "Environnement"@fr .
    ex:c a skos:Concept ; skos:prefLabel "Cadre de vie"@fr .""")
    assert Theme.objects.get(nom="Jardins partagés").parent.nom == "Cadre de vie"
    assert any("plusieurs termes génériques" in w and "« Cadre de vie »" in w for w in report.warnings)


def test_narrower_alone_gives_the_hierarchy(db):
    run(PREFIXES + """ex:a a skos:Concept ; skos:prefLabel "Éducation"@fr ; skos:narrower ex:b .
    ex:b a skos:Concept ; skos:prefLabel "Réussite éducative"@fr .""")
    assert Theme.objects.get(nom="Réussite éducative").parent.nom == "Éducation"


def test_french_label_is_preferred_then_untagged_then_first(db):
    run(PREFIXES + """
    ex:a a skos:Concept ; skos:prefLabel "Housing"@en, "Logement"@fr, "Vivienda"@es ;
        skos:altLabel "Habitat"@fr, "Dwelling"@en, "Toit" .
    ex:b a skos:Concept ; skos:prefLabel "Work"@en, "Travail" .
    ex:c a skos:Concept ; skos:prefLabel "Wohnen"@de, "Housing policy"@en .""")
    assert set(Theme.objects.values_list("nom", flat=True)) == {"Logement", "Travail", "Wohnen"}
    assert Theme.objects.get(nom="Logement").synonym_list() == ["Habitat", "Toit"]  # French and untagged only


def test_a_concept_without_label_is_skipped_with_a_warning(db):
    report = run(PREFIXES + """ex:a a skos:Concept ; skos:prefLabel "Sport"@fr .
    ex:b a skos:Concept ; skos:altLabel "sans libellé"@fr .""")
    assert report.created == ["Sport"] and Theme.objects.count() == 1
    assert report.warnings == ["Concept http://vocab.example.net/b ignoré : il n'a pas de libellé préférentiel "
                               "(skos:prefLabel)."]


def test_unknown_broader_or_related_terms_are_warnings(db):
    report = run(PREFIXES + 'ex:a a skos:Concept ; skos:prefLabel "Sport"@fr ; skos:broader ex:z ; skos:related ex:y .')
    assert Theme.objects.get(nom="Sport").parent is None
    assert len(report.warnings) == 2 and all("ni un concept du fichier ni un thème" in w for w in report.warnings)


def test_two_concepts_with_the_same_label_make_one_theme(db):
    report = run(PREFIXES + """ex:a a skos:Concept ; skos:prefLabel "Sport"@fr .
    ex:b a skos:Concept ; skos:prefLabel "SPORT"@fr .""")
    assert Theme.objects.count() == 1 and len(report.warnings) == 1


def test_a_renaming_onto_another_themes_label_is_refused_with_a_warning(thesaurus):
    report = run(PREFIXES + f'<{BASE}/thesaurus/sante> a skos:Concept ; skos:prefLabel "Emploi"@fr .')
    assert Theme.objects.get(pk=thesaurus["sante"].pk).nom == "Santé"
    assert any("n'est pas renommé" in w for w in report.warnings)


def test_dry_run_saves_nothing(thesaurus):
    before = state()
    report = run(PREFIXES + 'ex:a a skos:Concept ; skos:prefLabel "Sport"@fr ; skos:broader ex:b .'
                 + f'ex:b a skos:Concept ; skos:prefLabel "Loisirs"@fr .', dry_run=True)
    assert sorted(report.created) == ["Loisirs", "Sport"] and state() == before


def test_import_command_prints_the_french_report(thesaurus, tmp_path, capsys):
    path = tmp_path / "thesaurus.txt"  # the name says nothing: the content tells the format
    path.write_text(PREFIXES + 'ex:a a skos:Concept ; skos:prefLabel "Sport"@fr ; skos:broader ex:q .', "utf-8")
    call_command("import_thesaurus", str(path))
    out = capsys.readouterr().out
    assert "Thèmes : 1 créé(s), 0 mis à jour, 0 inchangé(s), 1 avertissement(s)." in out
    assert "Créé : Sport" in out and "Avertissement :" in out


def test_a_label_freed_by_a_renaming_is_not_taken_in_the_same_import(db):
    """Renamings are written together: a label another theme leaves in this file is not given at
    once (a unique label must never be held twice, even for a moment)."""
    foo, baz = Theme.objects.create(nom="Foo"), Theme.objects.create(nom="Baz")
    report = run(PREFIXES + f'<{BASE}/thesaurus/{foo.slug}> a skos:Concept ; skos:prefLabel "Bar"@fr .\n'
                 f'<{BASE}/thesaurus/{baz.slug}> a skos:Concept ; skos:prefLabel "Foo"@fr .')
    assert sorted(Theme.objects.values_list("nom", flat=True)) == ["Bar", "Baz"]
    assert report.warnings == ["« Baz » n'est pas renommé « Foo » : un autre thème porte déjà ce libellé."]


def concepts(count, prefix):
    lines = [PREFIXES]
    for n in range(count):
        broader = f" ; skos:broader ex:{prefix}{n - 1}" if n else ""
        lines.append(f'ex:{prefix}{n} a skos:Concept ; skos:prefLabel "{prefix} {n}"@fr ; '
                     f'skos:altLabel "{prefix} alias {n}"@fr ; skos:related ex:{prefix}0{broader} .')
    return "\n".join(lines)


def test_an_import_writes_in_bulk_not_theme_by_theme(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for count, prefix in ((20, "petit"), (400, "grand")):
        with CaptureQueriesContext(connection) as queries:
            report = run(concepts(count, prefix))
        assert len(report.created) == count
        counts.append(len(queries))
    assert counts[0] <= 10 and counts[1] <= 15, counts  # 400 concepts: statements by batch, not by theme
    assert Theme.objects.get(nom="grand 399").parent.nom == "grand 398"
