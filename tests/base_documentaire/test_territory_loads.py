"""Bulk loads of the vocabularies (load_territoires, import_qpv, the SKOS import) write without model signals:
they tell the facet trees and the page cache themselves, once they commit, so the very next search shows the new
parents (not the ones this process kept, for up to MAX_AGE_SECONDS)."""
import io
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import transaction

from base_documentaire import facet_tree, indexing, qpv_import
from base_documentaire import territoires_loader as loader
from base_documentaire.models import Territoire, Theme
from base_documentaire.skos_import import import_thesaurus
from crpv_site import cache as content

from .conftest import make_notice

DECOUPAGE = Path(__file__).resolve().parents[1] / "fixtures" / "decoupage" / "data"
URL = "/base-documentaire/"


def parent_in_tree(client, field, value):
    """The value of the facet tree's node holding `value` on the search page (None for a root)."""
    html = BeautifulSoup(client.get(URL).content, "html.parser")
    node = html.find("input", attrs={"name": field, "value": value}).find_parent("li")
    above = node.find_parent("li")
    return above.find("input", attrs={"name": field})["value"] if above else None


@pytest.fixture
def data(tmp_path, db, django_capture_on_commit_callbacks):
    folder = tmp_path / "data"
    shutil.copytree(DECOUPAGE, folder)
    with django_capture_on_commit_callbacks(execute=True):
        loader.load(folder)
    return folder


def move_reze_to_redon(folder):
    epci = json.loads((folder / "epci.json").read_text(encoding="utf-8"))
    moved = next(member for member in epci[0]["membres"] if member["code"] == "44143")
    epci[0]["membres"].remove(moved)
    epci[1]["membres"].append(moved)
    (folder / "epci.json").write_text(json.dumps(epci), encoding="utf-8")


def test_load_territoires_shows_the_new_parent_on_the_next_request(client, data, embedded_index, documentary_page,
                                                                   django_capture_on_commit_callbacks):
    make_notice("Rénovation à Rezé", territoires=[Territoire.objects.get(code="44143")])
    indexing.sync(refresh=True)
    assert parent_in_tree(client, "territoire", "Rezé (44)") == "Nantes Métropole"  # this process knows it now

    move_reze_to_redon(data)
    with django_capture_on_commit_callbacks(execute=True):
        report = loader.load(data)
    assert report.links_added == 1 and report.notices_reindexed == 1
    indexing.sync(refresh=True)

    assert parent_in_tree(client, "territoire", "Rezé (44)") == "CA Redon Agglomération"


@pytest.fixture
def committed_data(tmp_path, transactional_db):
    folder = tmp_path / "data"
    shutil.copytree(DECOUPAGE, folder)
    loader.load(folder)
    return folder


def load_qpv(tmp_path, commune):
    path = tmp_path / "qpv.csv"
    path.write_text(f"code_qpv;nom;communes\nQN04401M;Bellevue;{commune}\n", encoding="utf-8")
    return qpv_import.import_qpv(path)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("load", ["load_territoires", "import_qpv"])
def test_a_load_tells_the_other_processes_and_the_page_cache_again_once_it_commits(committed_data, tmp_path,
                                                                                   load):
    """Another process reading during the load saw the old rows: the facet trees' shared version and the page
    cache's generation move when the load commits (the QPV, saved one by one, also clear this process at once)."""
    load_qpv(tmp_path, "44109")
    tree_rows = [("Bellevue (QN04401M)", 1, False), ("Rezé (44)", 1, False), ("Nantes (44)", 1, False)]
    assert facet_tree.build("territoire", tree_rows)[1].value == "Nantes (44)"
    move_reze_to_redon(committed_data)
    with transaction.atomic():  # the command's own transaction
        report = loader.load(committed_data) if load == "load_territoires" else load_qpv(tmp_path, "44143")
        assert report.links_added == 1 if load == "load_territoires" else report.updated == ["QN04401M"]
        during = cache.get(facet_tree.VERSION_KEY), content.generation()
    assert cache.get(facet_tree.VERSION_KEY) != during[0] and content.generation() != during[1]
    if load == "import_qpv":
        tree = facet_tree.build("territoire", tree_rows)
        assert [(node.value, [child.value for child in node.children]) for node in tree] == [
            ("Rezé (44)", ["Bellevue (QN04401M)"]), ("Nantes (44)", [])]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dry_run_tells_no_one(committed_data):
    version, generation = cache.get(facet_tree.VERSION_KEY), content.generation()
    move_reze_to_redon(committed_data)
    loader.load(committed_data, dry_run=True)
    assert cache.get(facet_tree.VERSION_KEY) == version and content.generation() == generation


def test_skos_import_moves_a_theme_in_the_tree_at_once(db, django_capture_on_commit_callbacks):
    sante = Theme.objects.create(nom="Santé")
    Theme.objects.create(nom="Santé mentale")
    rows = [("Santé", 2, False), ("Santé mentale", 1, False)]
    assert [node.value for node in facet_tree.build("theme", rows)] == ["Santé", "Santé mentale"]  # two roots

    skos = ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <http://vocab.example.net/> .\n"
            'ex:m a skos:Concept ; skos:prefLabel "Santé mentale"@fr ; skos:broader ex:s .\n'
            'ex:s a skos:Concept ; skos:prefLabel "Santé"@fr .\n')
    with django_capture_on_commit_callbacks(execute=True):
        import_thesaurus(io.BytesIO(skos.encode()))
    assert Theme.objects.get(nom="Santé mentale").parent == sante

    [root] = facet_tree.build("theme", rows)
    assert (root.value, [child.value for child in root.children]) == ("Santé", ["Santé mentale"])
