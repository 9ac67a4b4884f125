"""facet_tree: the engine's counted labels of thèmes and territoires hung under their broader ones, in a
fixed number of queries, the process's answers forgotten on any change of the vocabularies."""
import pytest

from base_documentaire import facet_tree
from base_documentaire.models import Territoire, Theme


def shape(nodes):
    """{value: (count, selected, open, shape of the children)}."""
    return {node.value: (node.count, node.selected, node.open, shape(node.children)) for node in nodes}


@pytest.fixture
def territories(db):
    region = Territoire.objects.create(niveau="region", code="76", nom="Occitanie")
    herault = Territoire.objects.create(niveau="departement", code="34", nom="Hérault")
    herault.parents.set([region])
    epci = Territoire.objects.create(niveau="epci", code="243400017", nom="Montpellier Méditerranée Métropole")
    epci.parents.set([herault])
    commune = Territoire.objects.create(niveau="commune", code="34172", nom="Montpellier")
    commune.parents.set([herault, epci])  # in its département and its EPCI
    return {"region": region, "herault": herault, "epci": epci, "commune": commune}


def test_a_commune_goes_under_its_most_precise_counted_parent(territories, django_assert_num_queries):
    rows = [("Occitanie", 5, False), ("Hérault", 4, False), ("Montpellier Méditerranée Métropole", 3, False),
            ("Montpellier (34)", 2, True)]
    facet_tree.clear()
    with django_assert_num_queries(1):
        tree = facet_tree.build("territoire", rows)
    assert shape(tree) == {"Occitanie": (5, False, True, {"Hérault": (4, False, True, {
        "Montpellier Méditerranée Métropole": (3, False, True, {"Montpellier (34)": (2, True, False, {})})})})}
    # without its EPCI among the counted values, the commune hangs under its département
    with django_assert_num_queries(0):
        tree = facet_tree.build("territoire", [row for row in rows if row[0] != "Montpellier Méditerranée Métropole"])
    assert list(shape(tree)["Occitanie"][3]["Hérault"][3]) == ["Montpellier (34)"]


def test_one_query_whatever_the_number_of_values(db, django_assert_num_queries):
    parent = Theme.objects.create(nom="Politique de la ville")
    for number in range(60):
        Theme.objects.create(nom=f"Thème {number:02}", parent=parent)
    rows = [("Politique de la ville", 60, False)] + [(f"Thème {number:02}", 1, False) for number in range(60)]
    facet_tree.clear()
    with django_assert_num_queries(1):
        tree = facet_tree.build("theme", rows)
    assert len(tree) == 1 and len(tree[0].children) == 60
    assert not tree[0].open  # a large tree shows its broadest values, folded
    assert tree[0].descendant_count == 60
    with django_assert_num_queries(0):
        facet_tree.build("theme", rows)


def test_unknown_labels_and_counted_values_missing_their_parent_are_roots(db):
    sante = Theme.objects.create(nom="Santé", parent=Theme.objects.create(nom="Cohésion sociale"))
    tree = facet_tree.build("theme", [(sante.nom, 3, False), ("Libellé disparu", 1, True)])
    assert shape(tree) == {"Santé": (3, False, False, {}), "Libellé disparu": (1, True, False, {})}


def test_a_cycle_in_the_territories_never_loops(db):
    first = Territoire.objects.create(niveau="epci", code="1", nom="Un")
    second = Territoire.objects.create(niveau="epci", code="2", nom="Deux")
    first.parents.set([second])
    second.parents.set([first])
    tree = facet_tree.build("territoire", [("Un", 1, False), ("Deux", 1, False)])
    assert sorted(node.value for node in tree) == ["Deux", "Un"]  # each would be above the other: both roots


def test_element_keys_are_unique_in_a_tree(territories):
    rows = [("Occitanie", 5, False), ("Hérault", 4, False), ("Montpellier (34)", 2, False), ("Bretagne", 1, False)]
    tree = facet_tree.build("territoire", rows)
    keys = []

    def walk(nodes):
        for node in nodes:
            keys.append(node.key)
            walk(node.children)
    walk(tree)
    assert sorted(keys) == [1, 2, 3, 4]


def test_a_change_of_the_vocabularies_is_seen_at_once(territories):
    rows = [("Occitanie", 2, False), ("Hérault", 1, False)]
    assert [node.value for node in facet_tree.build("territoire", rows)] == ["Occitanie"]
    territories["herault"].parents.clear()  # m2m change
    assert [node.value for node in facet_tree.build("territoire", rows)] == ["Occitanie", "Hérault"]
    parent = Theme.objects.create(nom="Habitat")
    child = Theme.objects.create(nom="Logement")
    theme_rows = [("Habitat", 1, False), ("Logement", 1, False)]
    assert len(facet_tree.build("theme", theme_rows)) == 2
    child.parent = parent
    child.save()
    assert [node.value for node in facet_tree.build("theme", theme_rows)] == ["Habitat"]


def test_another_process_change_is_seen_through_the_shared_version(territories, monkeypatch):
    rows = [("Occitanie", 2, False), ("Hérault", 1, False)]
    facet_tree.build("territoire", rows)
    Territoire.parents.through.objects.filter(from_territoire=territories["herault"]).delete()  # no signal
    facet_tree._version.checked = 0.0  # CHECK_SECONDS elapsed
    assert [node.value for node in facet_tree.build("territoire", rows)] == ["Occitanie"]  # nobody told us
    from django.core.cache import cache
    cache.set(facet_tree.VERSION_KEY, "changed elsewhere", timeout=None)
    facet_tree._version.checked = 0.0
    assert [node.value for node in facet_tree.build("territoire", rows)] == ["Occitanie", "Hérault"]
