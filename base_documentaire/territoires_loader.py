"""Régions, départements, EPCI and communes from the official package @etalab/decoupage-administratif.

The package (data/regions.json, departements.json, epci.json, communes.json) is installed with
npm into a cache folder at a pinned version, then loaded in bulk: 35,000 communes take seconds.
Territories are matched on (niveau, code), so loading again only updates what changed; a
territory that disappeared from the data is kept (notices may point at it).

Hierarchy (``Territoire.parents``): département -> région; EPCI -> the départements of its
member communes (an EPCI may span several); commune -> its département and its EPCI.
"""
import json
import os
import shutil
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils.translation import gettext as _

from . import facet_tree
from .models import Territoire

PACKAGE = "@etalab/decoupage-administratif"
PACKAGE_VERSION = "6.0.0"
DATA_FILES = ("regions", "departements", "epci", "communes")
CURRENT_COMMUNE = "commune-actuelle"  # the other types are delegated/associated communes, arrondissements
NPM_TIMEOUT = 600
BATCH_SIZE = 2000

N = Territoire.Niveau
LEVELS = (N.REGION, N.DEPARTEMENT, N.EPCI, N.COMMUNE)
# Levels of the parents this loader owns: links to other parents (added by hand) are left alone.
PARENT_LEVELS = (N.REGION, N.DEPARTEMENT, N.EPCI)


class LoaderError(Exception):
    """A problem the user can fix (npm missing, malformed data, unknown région): message translated."""


# --- The package ------------------------------------------------------------------------------

def default_cache_dir():
    return Path(os.environ.get("CRPV_CACHE") or Path.home() / ".cache" / "crpv") / "npm"


def package_dir(cache_dir):
    return Path(cache_dir) / "node_modules" / PACKAGE


def installed_version(cache_dir):
    try:
        return json.loads((package_dir(cache_dir) / "package.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def ensure_package(cache_dir=None):
    """The package's data folder, installed with npm at the pinned version when missing."""
    cache_dir = Path(cache_dir or default_cache_dir()).expanduser()
    data_dir = package_dir(cache_dir) / "data"
    if installed_version(cache_dir) == PACKAGE_VERSION and all(
        (data_dir / f"{name}.json").is_file() for name in DATA_FILES
    ):
        return data_dir
    npm = shutil.which("npm")
    if not npm:
        raise LoaderError(_(
            "npm was not found. Install Node.js and npm, or pass --data-dir with a folder holding "
            "the data of %(package)s."
        ) % {"package": PACKAGE})
    cache_dir.mkdir(parents=True, exist_ok=True)
    command = [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(cache_dir),
               f"{PACKAGE}@{PACKAGE_VERSION}"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=NPM_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise LoaderError(_("npm install of %(package)s failed: %(error)s") % {
            "package": f"{PACKAGE}@{PACKAGE_VERSION}", "error": error}) from error
    if result.returncode or installed_version(cache_dir) != PACKAGE_VERSION:
        detail = (result.stderr or result.stdout or "").strip()[-2000:]
        raise LoaderError(_("npm install of %(package)s failed: %(error)s") % {
            "package": f"{PACKAGE}@{PACKAGE_VERSION}", "error": detail or result.returncode})
    return data_dir


def resolve_data_dir(path):
    """--data-dir: the package folder (holding data/) or the data folder itself."""
    path = Path(path).expanduser()
    for candidate in (path / "data", path):
        if (candidate / "regions.json").is_file():
            return candidate
    raise LoaderError(_("No regions.json found in %(path)s nor in its data/ folder.") % {"path": path})


# --- Reading and checking the data ------------------------------------------------------------

@dataclass
class Dataset:
    regions: list
    departements: list
    epci: list
    communes: list  # current communes only


REQUIRED_KEYS = {
    "regions": ("code", "nom"),
    "departements": ("code", "nom", "region"),
    "epci": ("code", "nom", "membres"),
    "communes": ("code", "nom", "type", "departement"),
}


def _malformed(name, detail):
    return LoaderError(_("Malformed data in %(file)s: %(detail)s") % {"file": f"{name}.json", "detail": detail})


def read_dataset(data_dir):
    data_dir = Path(data_dir)
    records = {}
    for name in DATA_FILES:
        path = data_dir / f"{name}.json"
        try:
            with path.open(encoding="utf-8") as handle:
                items = json.load(handle)
        except FileNotFoundError as error:
            raise LoaderError(_("Missing data file: %(path)s") % {"path": path}) from error
        except (OSError, ValueError) as error:
            raise _malformed(name, error) from error
        if not isinstance(items, list):
            raise _malformed(name, _("a list of objects was expected"))
        for position, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise _malformed(name, _("entry %(position)s is not an object") % {"position": position})
            for key in REQUIRED_KEYS[name]:
                value = item.get(key)
                if value in (None, "") or (key != "membres" and not isinstance(value, str)):
                    raise _malformed(name, _("entry %(position)s has no valid \"%(key)s\"") % {
                        "position": position, "key": key})
            if name == "epci" and not (
                isinstance(item["membres"], list)
                and all(isinstance(m, dict) and isinstance(m.get("code"), str) for m in item["membres"])
            ):
                raise _malformed(name, _("entry %(position)s has no valid \"%(key)s\"") % {
                    "position": position, "key": "membres"})
        codes = [item["code"] for item in items if name != "communes" or item["type"] == CURRENT_COMMUNE]
        if len(codes) != len(set(codes)):
            duplicate = next(code for code in codes if codes.count(code) > 1)
            raise _malformed(name, _("code %(code)s appears twice") % {"code": duplicate})
        records[name] = items
    records["communes"] = [c for c in records["communes"] if c["type"] == CURRENT_COMMUNE]
    return Dataset(**records)


# --- Planning: what the database should hold ----------------------------------------------------

@dataclass
class Plan:
    names: dict  # (niveau, code) -> nom, for the selected régions
    labels: dict  # (niveau, code) -> libelle, over the whole dataset (stable whatever is selected)
    parents: dict  # (niveau, code) -> set of parent (niveau, code)


def select(dataset, regions=None):
    """The records of the selected régions; an EPCI comes with any of its member communes."""
    known = {r["code"] for r in dataset.regions}
    if regions:
        unknown = sorted(set(regions) - known)
        if unknown:
            raise LoaderError(_("Unknown region code(s): %(codes)s. Known codes: %(known)s.") % {
                "codes": ", ".join(unknown), "known": ", ".join(sorted(known))})
        wanted = set(regions)
    else:
        wanted = known
    regions_ = [r for r in dataset.regions if r["code"] in wanted]
    departements = [d for d in dataset.departements if d["region"] in wanted]
    department_codes = {d["code"] for d in departements}
    communes = [c for c in dataset.communes if c["departement"] in department_codes]
    commune_codes = {c["code"] for c in communes}
    epcis = [e for e in dataset.epci if any(m["code"] in commune_codes for m in e["membres"])]
    return regions_, departements, epcis, communes


def make_plan(dataset, regions=None, reserved_labels=()):
    """Names, labels and parents; ``reserved_labels`` are held by territories this load does not own."""
    department_of = {c["code"]: c["departement"] for c in dataset.communes}
    epci_of = {m["code"]: e["code"] for e in dataset.epci for m in e["membres"]}

    every = [(N.REGION, r) for r in dataset.regions] + [(N.DEPARTEMENT, d) for d in dataset.departements]
    every += [(N.EPCI, e) for e in dataset.epci] + [(N.COMMUNE, c) for c in dataset.communes]
    labels = _labels({(level, item["code"]): item["nom"].strip() for level, item in every}, reserved_labels)

    regions_, departements, epcis, communes = select(dataset, regions)
    names, parents = {}, {}
    for level, items in ((N.REGION, regions_), (N.DEPARTEMENT, departements), (N.EPCI, epcis),
                         (N.COMMUNE, communes)):
        for item in items:
            names[(level, item["code"])] = item["nom"].strip()
    for d in departements:
        parents[(N.DEPARTEMENT, d["code"])] = {(N.REGION, d["region"])}
    for e in epcis:
        parents[(N.EPCI, e["code"])] = {
            (N.DEPARTEMENT, department_of[m["code"]]) for m in e["membres"] if m["code"] in department_of
        }
    for c in communes:
        links = {(N.DEPARTEMENT, c["departement"])}
        if c["code"] in epci_of:
            links.add((N.EPCI, epci_of[c["code"]]))
        parents[(N.COMMUNE, c["code"])] = links
    return Plan(names=names, labels={key: labels[key] for key in names}, parents=parents)


def _default_label(level, code, nom):
    """The model's own label rule, without building 36,000 model instances."""
    return Territoire.default_label(SimpleNamespace(niveau=level, code=code, nom=nom, Niveau=Territoire.Niveau))


def _labels(names, reserved):
    """Unique labels: the model's default one unless it is taken (La Réunion is a région and a
    département; Sainte-Anne (97) a commune of Guadeloupe and of Martinique), then "nom (code)"."""
    reserved = set(reserved)
    groups = defaultdict(list)
    for (level, code), nom in names.items():
        groups[_default_label(level, code, nom)].append((level, code))
    labels = {}
    for label, keys in groups.items():
        if len(keys) == 1 and label not in reserved:
            labels[keys[0]] = label
            continue
        regions_ = [key for key in keys if key[0] == N.REGION]
        keeper = regions_[0] if len(regions_) == 1 and label not in reserved else None
        for key in keys:
            labels[key] = label if key == keeper else f"{names[key]} ({key[1]})"
    counts = Counter(labels.values())
    for key, label in list(labels.items()):  # still taken (very unlikely): name the level too
        if counts[label] > 1 or label in reserved:
            labels[key] = f"{names[key]} ({key[0]} {key[1]})"
    return labels


# --- Writing -----------------------------------------------------------------------------------

@dataclass
class LevelReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LoadReport:
    levels: dict = field(default_factory=lambda: {level: LevelReport() for level in LEVELS})
    links_added: int = 0
    links_removed: int = 0
    notices_reindexed: int = 0
    dry_run: bool = False

    @property
    def total(self):
        return sum(r.created + r.updated + r.unchanged for r in self.levels.values())


def load(data_dir, regions=None, dry_run=False, progress=None):
    """Load the data folder's territories (all régions, or those given by code) into the database.
    ``progress(done, total)`` is told the territories written after each level."""
    dataset = read_dataset(data_dir)
    report = LoadReport(dry_run=dry_run)
    with transaction.atomic():
        owned = {(level, item["code"]) for level, items in (
            (N.REGION, dataset.regions), (N.DEPARTEMENT, dataset.departements), (N.EPCI, dataset.epci),
            (N.COMMUNE, dataset.communes)) for item in items}
        reserved = [label for level, code, label in Territoire.objects.values_list("niveau", "code", "libelle")
                    if (level, code) not in owned]
        plan = make_plan(dataset, regions, reserved)
        changed_ids = _write_territories(plan, report, progress)
        changed_ids |= _write_parents(plan, report)
        report.notices_reindexed = _schedule_reindex(changed_ids)
        if dry_run:
            transaction.set_rollback(True)
        else:
            facet_tree.vocabulary_loaded()  # bulk writes send no signal: facet trees and cached pages read again
            _renamed_aliases(changed_ids)
    return report


def _write_territories(plan, report, progress=None):
    """Bulk update then bulk create, level by level; returns the ids of updated territories."""
    changed_ids, done = set(), 0
    for level in LEVELS:
        wanted = {code: (plan.names[(lvl, code)], plan.labels[(lvl, code)]) for lvl, code in plan.names if lvl == level}
        existing = {code: (pk, nom, libelle) for pk, code, nom, libelle in
                    Territoire.objects.filter(niveau=level).values_list("pk", "code", "nom", "libelle")}
        to_update, to_create = [], []
        for code, (nom, libelle) in wanted.items():
            if code not in existing:
                to_create.append(Territoire(niveau=level, code=code, nom=nom, libelle=libelle))
            elif existing[code][1:] != (nom, libelle):
                to_update.append(Territoire(pk=existing[code][0], niveau=level, code=code, nom=nom, libelle=libelle))
        Territoire.objects.bulk_update(to_update, ["nom", "libelle"], batch_size=BATCH_SIZE)
        Territoire.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        changed_ids.update(t.pk for t in to_update)
        level_report = report.levels[level]
        level_report.created, level_report.updated = len(to_create), len(to_update)
        level_report.unchanged = len(wanted) - len(to_create) - len(to_update)
        done += len(wanted)
        if progress:
            progress(done, len(plan.names))
    return changed_ids


def _write_parents(plan, report):
    """Make the loaded territories' links to régions, départements and EPCI match the plan."""
    Link = Territoire.parents.through
    ids = {}
    for level, code, pk in Territoire.objects.filter(niveau__in=LEVELS).values_list("niveau", "code", "pk"):
        ids[(level, code)] = pk
    wanted = set()
    children = {ids[key] for key in plan.parents if key in ids}
    for child, parents in plan.parents.items():
        for parent in parents:
            if child in ids and parent in ids:  # a parent outside the data (or the selection) is skipped
                wanted.add((ids[child], ids[parent]))
    existing = {}
    for pk, child, parent in Link.objects.filter(
        from_territoire__niveau__in=LEVELS[1:], to_territoire__niveau__in=PARENT_LEVELS
    ).values_list("pk", "from_territoire_id", "to_territoire_id"):
        if child in children:
            existing[(child, parent)] = pk
    to_remove = [pk for pair, pk in existing.items() if pair not in wanted]
    to_add = sorted(wanted - existing.keys())
    for start in range(0, len(to_remove), 500):
        Link.objects.filter(pk__in=to_remove[start:start + 500]).delete()
    _insert_links(Link, to_add)
    report.links_added, report.links_removed = len(to_add), len(to_remove)
    # Territories that had links and got others moved; the first links of new territories do not count.
    had_links = {child for child, _parent in existing}
    moved = {child for child, parent in existing if (child, parent) not in wanted}
    return moved | {child for child, _parent in to_add if child in had_links}


def _insert_links(Link, pairs):
    """Plain executemany: 70,000 links take a fraction of a second (bulk_create takes seconds)."""
    quote = connection.ops.quote_name
    table = quote(Link._meta.db_table)
    columns = ", ".join(quote(Link._meta.get_field(name).column) for name in ("from_territoire", "to_territoire"))
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), BATCH_SIZE * 5):
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s)", pairs[start:start + BATCH_SIZE * 5])


def _renamed_aliases(changed_ids):
    """A renamed territory with aliases changes a synonym group of the analysers: the index is rebuilt."""
    changed = sorted(changed_ids)
    for start in range(0, len(changed), 500):
        if Territoire.objects.filter(pk__in=changed[start:start + 500]).exclude(synonymes="").exists():
            from .signals import rebuild_index_on_commit

            rebuild_index_on_commit()
            return


def _schedule_reindex(changed_ids):
    """Notices tagged with a renamed or moved territory, or anything under it, carry stale labels."""
    if not changed_ids:
        return 0
    from . import indexing
    from .models import Notice

    Link = Territoire.parents.through
    children = defaultdict(list)
    for child, parent in Link.objects.values_list("from_territoire_id", "to_territoire_id"):
        children[parent].append(child)
    affected, todo = set(), list(changed_ids)
    while todo:
        pk = todo.pop()
        if pk not in affected:
            affected.add(pk)
            todo.extend(children.get(pk, ()))
    Tag = Notice.territoires.through
    affected = sorted(affected)
    notice_ids = set()
    for start in range(0, len(affected), 500):
        notice_ids.update(Tag.objects.filter(territoire_id__in=affected[start:start + 500])
                          .values_list("notice_id", flat=True))
    indexing.schedule(notice_ids)
    return len(notice_ids)
