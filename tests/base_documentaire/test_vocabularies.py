"""Loading the vocabularies: territories (official data), QPV (CSV) and the seed thesaurus."""
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from base_documentaire import qpv_import
from base_documentaire import territoires_loader as loader
from base_documentaire.management.commands import load_thesaurus
from base_documentaire.models import PendingIndexUpdate, Territoire, Theme

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DECOUPAGE = FIXTURES / "decoupage"
SAMPLE = FIXTURES / "qpv_sample.csv"
BROKEN = FIXTURES / "qpv_broken.csv"


def run(command, *args, **options):
    out = StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def territory(niveau, code):
    return Territoire.objects.get(niveau=niveau, code=code)


def parents(niveau, code):
    return {(p.niveau, p.code) for p in territory(niveau, code).parents.all()}


def counts():
    return {level: Territoire.objects.filter(niveau=level).count() for level in Territoire.Niveau.values}


def links():
    return sorted(Territoire.parents.through.objects.values_list("from_territoire_id", "to_territoire_id"))


# --- Territories ------------------------------------------------------------------------------

def test_load_fixture_territories_with_their_hierarchy(db):
    output = run("load_territoires", data_dir=str(DECOUPAGE))

    assert counts() == {"region": 2, "departement": 3, "epci": 2, "commune": 5, "qpv": 0}
    assert not Territoire.objects.filter(code="49001").exists()  # a "commune-deleguee": not a current commune
    assert parents("departement", "44") == {("region", "52")}
    assert parents("departement", "35") == {("region", "53")}
    assert parents("commune", "44109") == {("departement", "44"), ("epci", "244400404")}
    assert parents("commune", "49007") == {("departement", "49")}  # no EPCI in the fixture
    # Redon Agglomération spans Ille-et-Vilaine and Loire-Atlantique (two régions even).
    assert parents("epci", "243500741") == {("departement", "35"), ("departement", "44")}
    assert parents("epci", "244400404") == {("departement", "44")}
    assert territory("commune", "44143").libelle == "Rezé (44)"
    assert territory("region", "52").libelle == "Pays de la Loire"
    assert "Communes" in output and "5" in output


def test_load_twice_is_idempotent(db):
    run("load_territoires", data_dir=str(DECOUPAGE))
    before, before_links = counts(), links()

    report = loader.load(loader.resolve_data_dir(DECOUPAGE))

    assert counts() == before and links() == before_links
    assert all(r.created == r.updated == 0 for r in report.levels.values())
    assert report.levels["commune"].unchanged == 5
    assert report.links_added == report.links_removed == 0


def test_data_dir_may_be_the_data_folder_itself(db):
    run("load_territoires", data_dir=str(DECOUPAGE / "data"))
    assert Territoire.objects.count() == 12


def test_load_some_regions_only(db):
    report = loader.load(DECOUPAGE / "data", regions=["53"])

    assert counts() == {"region": 1, "departement": 1, "epci": 1, "commune": 1, "qpv": 0}
    assert report.levels["epci"].created == 1
    # Loire-Atlantique is not loaded yet: the EPCI only gets the département that exists.
    assert parents("epci", "243500741") == {("departement", "35")}

    loader.load(DECOUPAGE / "data", regions=["52"])

    assert counts()["commune"] == 5
    assert parents("epci", "243500741") == {("departement", "35"), ("departement", "44")}


def test_unknown_region_is_a_clear_error(db):
    with pytest.raises(CommandError, match="99"):
        run("load_territoires", data_dir=str(DECOUPAGE), regions="52,99")
    assert Territoire.objects.count() == 0


def test_dry_run_saves_nothing(db):
    output = run("load_territoires", data_dir=str(DECOUPAGE), dry_run=True)
    assert Territoire.objects.count() == 0
    assert "5" in output


def test_changes_in_the_data_are_applied_and_hand_links_kept(db, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DECOUPAGE / "data", data)
    loader.load(data)
    qpv = Territoire.objects.create(niveau="qpv", code="QN04401M", nom="Bellevue")
    qpv.parents.set([territory("commune", "44109")])
    # Rezé leaves Nantes Métropole for Redon Agglomération; Nantes is renamed.
    epci = json.loads((data / "epci.json").read_text(encoding="utf-8"))
    moved = next(m for m in epci[0]["membres"] if m["code"] == "44143")
    epci[0]["membres"].remove(moved)
    epci[1]["membres"].append(moved)
    (data / "epci.json").write_text(json.dumps(epci), encoding="utf-8")
    communes = json.loads((data / "communes.json").read_text(encoding="utf-8"))
    next(c for c in communes if c["code"] == "44109")["nom"] = "Nantes-Ville"
    (data / "communes.json").write_text(json.dumps(communes), encoding="utf-8")

    report = loader.load(data)

    assert report.levels["commune"].updated == 1
    assert territory("commune", "44109").libelle == "Nantes-Ville (44)"
    assert parents("commune", "44143") == {("departement", "44"), ("epci", "243500741")}
    assert (report.links_added, report.links_removed) == (1, 1)
    assert parents("qpv", "QN04401M") == {("commune", "44109")}  # QPV links are not the loader's


def test_a_renamed_territory_schedules_its_notices(db, tmp_path):
    from tests.base_documentaire.conftest import make_notice

    data = tmp_path / "data"
    shutil.copytree(DECOUPAGE / "data", data)
    loader.load(data)
    notice = make_notice("Diagnostic de Rezé", territoires=[territory("commune", "44143")], publish=False)
    PendingIndexUpdate.objects.all().delete()
    departements = json.loads((data / "departements.json").read_text(encoding="utf-8"))
    next(d for d in departements if d["code"] == "44")["nom"] = "Loire-Inférieure"
    (data / "departements.json").write_text(json.dumps(departements), encoding="utf-8")

    report = loader.load(data)

    assert report.notices_reindexed == 1  # tagged with a commune of the renamed département
    assert PendingIndexUpdate.objects.filter(notice_id=notice.pk).exists()


def test_labels_stay_unique_when_names_repeat():
    dataset = loader.Dataset(
        regions=[{"code": "04", "nom": "La Réunion"}, {"code": "01", "nom": "Guadeloupe"},
                 {"code": "02", "nom": "Martinique"}],
        departements=[{"code": "974", "nom": "La Réunion", "region": "04"},
                      {"code": "971", "nom": "Guadeloupe", "region": "01"},
                      {"code": "972", "nom": "Martinique", "region": "02"}],
        epci=[],
        communes=[{"code": "97128", "nom": "Sainte-Anne", "type": "commune-actuelle", "departement": "971"},
                  {"code": "97226", "nom": "Sainte-Anne", "type": "commune-actuelle", "departement": "972"},
                  {"code": "97411", "nom": "Saint-Denis", "type": "commune-actuelle", "departement": "974"}],
    )
    plan = loader.make_plan(dataset, reserved_labels={"Saint-Denis (97)"})
    assert plan.labels[("region", "04")] == "La Réunion"
    assert plan.labels[("departement", "974")] == "La Réunion (974)"
    assert plan.labels[("commune", "97128")] == "Sainte-Anne (97128)"
    assert plan.labels[("commune", "97226")] == "Sainte-Anne (97226)"
    assert plan.labels[("commune", "97411")] == "Saint-Denis (97411)"
    assert len(set(plan.labels.values())) == len(plan.labels)
    # Loading one région gives the same labels as loading them all.
    assert loader.make_plan(dataset, regions=["01"]).labels[("commune", "97128")] == "Sainte-Anne (97128)"


def test_malformed_data_is_a_clear_error(db, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DECOUPAGE / "data", data)
    (data / "epci.json").write_text('[{"code": "1", "nom": "CC sans membres"}]', encoding="utf-8")
    with pytest.raises(CommandError, match="epci.json"):
        run("load_territoires", data_dir=str(tmp_path))
    (data / "epci.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="epci.json"):
        run("load_territoires", data_dir=str(tmp_path))
    with pytest.raises(CommandError, match="regions.json"):
        run("load_territoires", data_dir=str(tmp_path / "nowhere"))
    assert Territoire.objects.count() == 0


def test_missing_npm_is_a_clear_error(db, tmp_path, monkeypatch):
    monkeypatch.setenv("CRPV_CACHE", str(tmp_path))
    monkeypatch.setattr(loader.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="npm"):
        run("load_territoires")


def test_installed_package_is_reused_without_npm(tmp_path, monkeypatch):
    package = loader.package_dir(tmp_path)
    shutil.copytree(DECOUPAGE / "data", package / "data")
    (package / "package.json").write_text(json.dumps({"version": loader.PACKAGE_VERSION}), encoding="utf-8")
    monkeypatch.setattr(loader.shutil, "which", lambda name: pytest.fail("npm must not run"))
    assert loader.ensure_package(tmp_path) == package / "data"


# --- QPV --------------------------------------------------------------------------------------

COMMUNES = {"95127": "Cergy", "95585": "Sarcelles", "95268": "Garges-lès-Gonesse", "78361": "Mantes-la-Jolie",
            "31555": "Toulouse", "34172": "Montpellier"}


@pytest.fixture
def communes(db):
    return {code: Territoire.objects.create(niveau="commune", code=code, nom=nom) for code, nom in COMMUNES.items()}


def test_import_qpv_sample(communes):
    output = run("import_qpv", str(SAMPLE))

    assert Territoire.objects.filter(niveau="qpv").count() == 8
    assert parents("qpv", "QN09503M") == {("commune", "95268"), ("commune", "95585")}
    assert parents("qpv", "QN07801M") == {("commune", "78361")}
    assert territory("qpv", "QN03401M").libelle == "Mosson (QN03401M)"
    assert territory("qpv", "QN09502M").nom == "Les Lochères"
    assert "8" in output

    report = qpv_import.import_qpv(SAMPLE)  # again: nothing changes
    assert (len(report.created), len(report.updated), len(report.unchanged), report.rejected) == (0, 0, 8, [])
    assert Territoire.objects.filter(niveau="qpv").count() == 8


def test_import_qpv_updates_names_and_communes(communes, tmp_path):
    qpv_import.import_qpv(SAMPLE)
    changed = tmp_path / "qpv.csv"
    changed.write_text("code_qpv,nom,communes\nQN09501M,Axe Majeur,\"95127, 95585\"\n", encoding="utf-8")

    report = qpv_import.import_qpv(changed)

    assert report.updated == ["QN09501M"]
    qpv = territory("qpv", "QN09501M")
    assert (qpv.nom, qpv.libelle) == ("Axe Majeur", "Axe Majeur (QN09501M)")
    assert parents("qpv", "QN09501M") == {("commune", "95127"), ("commune", "95585")}


def test_import_broken_qpv_reports_lines_and_keeps_good_rows(communes):
    report = qpv_import.import_qpv(BROKEN)

    assert sorted(report.created) == ["QN03401M", "QN09501M", "QN09505M"]
    assert [(p.line, p.kind) for p in report.rejected] == [
        (3, "missing_column"), (5, "empty_name"), (6, "duplicate_code"), (7, "no_known_commune")]
    assert [(p.line, p.kind) for p in report.warnings] == [(4, "unknown_commune"), (9, "unknown_commune")]
    assert "99999" in report.warnings[0].message and "34999" in report.warnings[1].message
    assert "line 2" in report.rejected[2].message or "ligne 2" in report.rejected[2].message
    assert str(report.rejected[0]).startswith(("line 3", "ligne 3"))
    assert parents("qpv", "QN09505M") == {("commune", "95585")}
    # "34172,34999" without quotes in a ","-separated file: the extra cell is a commune.
    assert parents("qpv", "QN03401M") == {("commune", "34172")}

    output = run("import_qpv", str(BROKEN), dry_run=True)
    assert "99998" in output and "QN07802M" in output


def test_import_qpv_dry_run_changes_nothing(communes):
    report = qpv_import.import_qpv(SAMPLE, dry_run=True)

    assert len(report.created) == 8
    assert not Territoire.objects.filter(niveau="qpv").exists()
    assert not Territoire.parents.through.objects.exists()


def test_import_qpv_latin1_and_semicolons(communes, tmp_path):
    path = tmp_path / "qpv.csv"
    path.write_bytes("code_qpv;nom;communes\nqn09506m;Les Écrivains;95127 | 1053\n".encode("latin-1"))

    report = qpv_import.import_qpv(path)

    assert report.created == ["QN09506M"]
    assert territory("qpv", "QN09506M").nom == "Les Écrivains"
    assert [(w.line, w.kind) for w in report.warnings] == [(2, "unknown_commune")]  # 01053, zero restored
    assert "01053" in report.warnings[0].message


def test_import_qpv_file_errors(db, tmp_path):
    path = tmp_path / "qpv.csv"
    path.write_text("code,nom\nQN09501M,Axe Majeur\n", encoding="utf-8")
    with pytest.raises(CommandError, match="code_qpv"):
        run("import_qpv", str(path))
    with pytest.raises(CommandError):
        run("import_qpv", str(tmp_path / "missing.csv"))
    path.write_text("", encoding="utf-8")
    with pytest.raises(CommandError):
        run("import_qpv", str(path))


# --- Thesaurus --------------------------------------------------------------------------------

def test_seed_thesaurus_has_the_expected_themes():
    terms = {term.nom: term for term in load_thesaurus.read_seed()}
    for name in ("Cohésion sociale", "Emploi et développement économique", "Renouvellement urbain et cadre de vie",
                 "Transition écologique", "Participation des habitants et conseils citoyens",
                 "Ingénierie, évaluation et observation", "Contrats de ville", "Quartiers prioritaires"):
        assert terms[name].parent is None
    assert terms["Santé mentale"].parent == "Santé" and "CLSM" in terms["Santé mentale"].synonymes
    assert terms["Santé"].parent == "Cohésion sociale"
    assert terms["Réussite éducative"].parent == "Éducation"
    assert terms["Gestion urbaine et sociale de proximité"].parent == "Renouvellement urbain et cadre de vie"
    assert "QPV" in terms["Quartiers prioritaires"].synonymes
    assert all(term.note for term in terms.values())


def test_load_thesaurus_twice_keeps_editors_additions(db):
    output = run("load_thesaurus")
    total = Theme.objects.count()
    assert total == len(load_thesaurus.read_seed())
    assert "0" in output
    sante_mentale = Theme.objects.get(nom="Santé mentale")
    assert sante_mentale.parent.nom == "Santé" and sante_mentale.parent.parent.nom == "Cohésion sociale"
    assert "conseil local de santé mentale" in sante_mentale.synonym_list()

    # An editor adds a synonym, rewrites a note, moves a theme and adds a theme of their own.
    sante_mentale.synonymes += "\npsychiatrie de secteur"
    sante_mentale.save()
    Theme.objects.filter(nom="Sport").update(note="Note de l'équipe.", parent=Theme.objects.get(nom="Jeunesse"))
    Theme.objects.create(nom="Mémoire des quartiers", parent=Theme.objects.get(nom="Culture"))

    report = load_thesaurus.load_thesaurus()

    assert report.created == [] and report.updated == []
    assert Theme.objects.count() == total + 1
    assert "psychiatrie de secteur" in Theme.objects.get(nom="Santé mentale").synonym_list()
    sport = Theme.objects.get(nom="Sport")
    assert (sport.note, sport.parent.nom) == ("Note de l'équipe.", "Jeunesse")
    assert Theme.objects.filter(nom="Mémoire des quartiers").exists()


def test_load_thesaurus_completes_existing_themes(db):
    existing = Theme.objects.create(nom="Quartiers prioritaires",
                                    synonymes="QPV\nquartiers de la politique de la ville")
    Theme.objects.create(nom="sante")  # same name once accents and case are ignored

    report = load_thesaurus.load_thesaurus()

    assert "Quartiers prioritaires" in report.updated and "sante" in report.updated
    existing.refresh_from_db()
    synonyms = existing.synonym_list()
    assert synonyms[:2] == ["QPV", "quartiers de la politique de la ville"] and "ZUS" in synonyms
    assert synonyms.count("QPV") == 1
    assert not Theme.objects.filter(nom="Santé").exists()
    assert Theme.objects.get(nom="Santé mentale").parent.nom == "sante"


def test_load_thesaurus_dry_run(db):
    run("load_thesaurus", dry_run=True)
    assert not Theme.objects.exists()


# --- The real package -------------------------------------------------------------------------

@pytest.mark.services
def test_real_package_install_and_load_one_region(db, tmp_path, monkeypatch):
    """Installs @etalab/decoupage-administratif from the npm registry into an empty cache."""
    monkeypatch.setenv("CRPV_CACHE", str(tmp_path))

    output = run("load_territoires", regions="52")

    assert loader.installed_version(tmp_path / "npm") == loader.PACKAGE_VERSION
    assert counts()["region"] == 1 and territory("region", "52").nom == "Pays de la Loire"
    assert counts()["departement"] == 5
    assert counts()["commune"] > 1000
    assert counts()["epci"] > 60
    assert parents("commune", "44109") == {("departement", "44"), ("epci", "244400404")}
    assert "Pays de la Loire" not in output  # a summary, not a listing
