"""The vocabulary service: hierarchies (cycles guarded), labels with their aliases, label lookups."""
import pytest

from base_documentaire import vocabulary
from base_documentaire.models import Territoire, Theme
from base_documentaire.vocabulary import Hierarchy, VocabularyLabels, VocabularyLookup

# A multi-parent graph: a QPV spans two communes, a commune lies in its EPCI and its département,
# the EPCI spans two départements, both in one région.
REGION, DEP_A, DEP_B, EPCI, COMMUNE_A, COMMUNE_B, QPV, ELSEWHERE = range(1, 9)
LINKS = [(DEP_A, REGION), (DEP_B, REGION), (EPCI, DEP_A), (EPCI, DEP_B), (COMMUNE_A, EPCI), (COMMUNE_A, DEP_A),
         (COMMUNE_B, EPCI), (QPV, COMMUNE_A), (QPV, COMMUNE_B)]


def test_ancestors_of_a_multi_parent_graph_each_once_depth_first():
    graph = Hierarchy(LINKS)
    assert graph.ancestors([QPV]) == [QPV, COMMUNE_A, EPCI, DEP_A, REGION, DEP_B, COMMUNE_B]
    assert graph.ancestors([COMMUNE_B, DEP_B]) == [COMMUNE_B, EPCI, DEP_A, REGION, DEP_B]
    assert graph.ancestors([ELSEWHERE]) == [ELSEWHERE]


def test_descendants_of_a_multi_parent_graph():
    graph = Hierarchy(LINKS)
    assert graph.descendants([DEP_B]) == {DEP_B, EPCI, COMMUNE_A, COMMUNE_B, QPV}
    assert graph.descendants([REGION]) == set(range(1, 8))
    assert graph.descendants([QPV]) == {QPV}
    assert graph.parents(EPCI) == (DEP_A, DEP_B) and graph.children(EPCI) == (COMMUNE_A, COMMUNE_B)


def test_a_cycle_never_loops():
    graph = Hierarchy([(1, 2), (2, 3), (3, 1), (4, 4)])
    assert graph.ancestors([1]) == [1, 2, 3]
    assert graph.descendants([2]) == {1, 2, 3}
    assert graph.ancestors([4]) == [4] and graph.descendants([4]) == {4}


def test_a_tree_given_as_parent_ids():
    tree = Hierarchy.of_tree({1: None, 2: 1, 3: 2, 4: 1})
    assert tree.ancestors([3, 4]) == [3, 2, 1, 4]
    assert tree.descendants([2]) == {2, 3}


@pytest.fixture
def territories(db):
    def make(niveau, code, nom, parents=()):
        territory = Territoire.objects.create(niveau=niveau, code=code, nom=nom)
        territory.parents.set(parents)
        return territory

    region = make("region", "11", "Île-de-France")
    val_doise = make("departement", "95", "Val-d'Oise", [region])
    yvelines = make("departement", "78", "Yvelines", [region])
    epci = make("epci", "200058485", "Roissy Pays de France", [val_doise, yvelines])
    sarcelles = make("commune", "95585", "Sarcelles", [epci, val_doise])
    garges = make("commune", "95268", "Garges-lès-Gonesse", [epci, val_doise])
    qpv = make("qpv", "QN09501M", "Lochères", [sarcelles, garges])
    paris_dep = make("departement", "75", "Paris")
    paris = make("commune", "75056", "Paris", [paris_dep])
    return {"region": region, "val_doise": val_doise, "yvelines": yvelines, "epci": epci, "sarcelles": sarcelles,
            "garges": garges, "qpv": qpv, "paris_dep": paris_dep, "paris": paris}


def ids(*territories):
    return {territory.pk for territory in territories}


def test_territories_below_and_above_one_query_per_level(territories, django_assert_num_queries):
    t = territories
    with django_assert_num_queries(4):  # départements; EPCI and communes; QPV; nothing below
        below = vocabulary.territory_ids_with_descendants([t["region"].pk])
    assert below == ids(t["region"], t["val_doise"], t["yvelines"], t["epci"], t["sarcelles"], t["garges"], t["qpv"])
    assert vocabulary.territory_ids_with_descendants([t["yvelines"].pk]) == ids(
        t["yvelines"], t["epci"], t["sarcelles"], t["garges"], t["qpv"])
    assert vocabulary.territory_ids_with_ancestors([t["qpv"].pk]) == ids(
        t["qpv"], t["sarcelles"], t["garges"], t["epci"], t["val_doise"], t["yvelines"], t["region"])
    assert vocabulary.territory_hierarchy().descendants([t["paris_dep"].pk]) == ids(t["paris_dep"], t["paris"])


def test_territory_cycles_are_guarded_in_the_database(territories):
    t = territories
    t["region"].parents.add(t["qpv"])  # bad data: the région inside its own QPV
    everything = ids(*(t[key] for key in ("region", "val_doise", "yvelines", "epci", "sarcelles", "garges", "qpv")))
    assert vocabulary.territory_ids_with_descendants([t["epci"].pk]) == everything
    assert vocabulary.territory_ids_with_ancestors([t["epci"].pk]) == everything
    assert set(vocabulary.territory_hierarchy().ancestors([t["qpv"].pk])) == everything


def test_theme_hierarchy_and_cycles(db):
    cohesion = Theme.objects.create(nom="Cohésion sociale")
    sante = Theme.objects.create(nom="Santé", parent=cohesion)
    mentale = Theme.objects.create(nom="Santé mentale", parent=sante)
    hierarchy = vocabulary.theme_hierarchy()
    assert hierarchy.ancestors([mentale.pk]) == [mentale.pk, sante.pk, cohesion.pk]
    assert hierarchy.descendants([cohesion.pk]) == {cohesion.pk, sante.pk, mentale.pk}
    Theme.objects.filter(pk=cohesion.pk).update(parent=mentale)  # a loop the admin would not allow
    assert vocabulary.theme_hierarchy().ancestors([sante.pk]) == [sante.pk, cohesion.pk, mentale.pk]


def test_labels_of_ancestors_for_indexing(territories, django_assert_num_queries):
    t = territories
    cohesion = Theme.objects.create(nom="Cohésion sociale")
    sante = Theme.objects.create(nom="Santé", parent=cohesion)
    labels = VocabularyLabels()
    with django_assert_num_queries(3):  # themes; territories and their links
        assert labels.theme_labels([sante.pk, cohesion.pk]) == ["Santé", "Cohésion sociale"]
        sarcelles = labels.territory_labels([t["sarcelles"].pk])
        assert sarcelles[0] == "Sarcelles (95)" and len(sarcelles) == 5
        assert set(sarcelles) == {"Sarcelles (95)", "Roissy Pays de France", "Val-d'Oise", "Île-de-France",
                                  "Yvelines"}
        assert labels.territory_labels([t["paris"].pk, t["paris_dep"].pk]) == ["Paris (75)", "Paris"]


def test_theme_aliases_and_synonym_groups(db):
    Theme.objects.create(nom="Quartiers prioritaires", synonymes="QPV\n  quartier prioritaire \n\n")
    Theme.objects.create(nom="Emploi")
    assert vocabulary.theme_aliases("Quartiers prioritaires", "QPV\n quartier prioritaire\n") == [
        "Quartiers prioritaires", "QPV", "quartier prioritaire"]
    assert vocabulary.synonym_groups() == (("Quartiers prioritaires", "QPV", "quartier prioritaire"),)
    assert VocabularyLabels().synonym_groups() == vocabulary.synonym_groups()


def test_lookup_folds_case_accents_ligatures_and_spaces(territories):
    oeuvre = Theme.objects.create(nom="Œuvre sociale", synonymes="Œuvres   d'entraide")
    sante = Theme.objects.create(nom="Santé")
    lookup = VocabularyLookup()
    assert lookup.theme("oeuvre sociale").pk == oeuvre.pk
    assert lookup.theme("  ŒUVRES d'ENTRAIDE ").pk == oeuvre.pk
    assert lookup.theme("SANTE").pk == sante.pk and lookup.theme("santé").pk == sante.pk
    assert lookup.territory("ile-de-france").pk == territories["region"].pk
    assert lookup.territory("GARGES-LES-GONESSE (95)").pk == territories["garges"].pk
    assert lookup.theme("Culture") is None and lookup.territory("Gotham") is None


def test_lookup_a_preferred_term_wins_over_a_synonym(db):
    first = Theme.objects.create(nom="Accès aux droits", synonymes="Emploi\nMédiation")
    emploi = Theme.objects.create(nom="Emploi")
    second = Theme.objects.create(nom="Numérique", synonymes="Médiation\nInclusion numérique")
    lookup = VocabularyLookup()
    assert lookup.theme("emploi").pk == emploi.pk  # another theme's synonym never hides a preferred term
    assert lookup.theme("mediation").pk == first.pk  # a synonym shared: the first theme by name keeps it
    assert lookup.theme("inclusion numerique").pk == second.pk


def test_lookup_a_territory_name_only_when_unique(territories, django_assert_num_queries):
    t = territories
    with django_assert_num_queries(2):
        lookup = VocabularyLookup()
    assert lookup.territory("paris").pk == t["paris_dep"].pk  # the département's label is "Paris"
    assert lookup.territory("Paris (75)").pk == t["paris"].pk
    assert lookup.territory("sarcelles").pk == t["sarcelles"].pk  # a unique name, without its code
    assert lookup.territory("Lochères (QN09501M)").pk == t["qpv"].pk
    Territoire.objects.create(niveau="commune", code="60000", nom="Sarcelles")  # now ambiguous
    assert VocabularyLookup().territory("sarcelles") is None


def test_lookup_a_qpv_by_its_official_code_only(territories):
    lookup = VocabularyLookup()
    assert lookup.territory("QN09501M").pk == territories["qpv"].pk
    assert lookup.territory("qn09501m").pk == territories["qpv"].pk
    assert lookup.territory("95585") is None  # a commune's INSEE code is not a label people write


def test_lookup_gives_light_instances(territories):
    Theme.objects.create(nom="Santé", note="Une note")
    theme = VocabularyLookup().theme("sante")
    territory = VocabularyLookup().territory("Sarcelles")
    assert (theme.nom, territory.libelle) == ("Santé", "Sarcelles (95)")
    assert theme.get_deferred_fields() >= {"note", "parent_id"}
    assert "nom" in territory.get_deferred_fields()
