"""Import of the quartiers prioritaires (QPV) from a CSV file: code_qpv, nom, communes.

``communes`` holds the INSEE codes of the communes the QPV lies in, separated by " | " or ",";
the columns are separated by ";" or "," (detected), the file is UTF-8 (with or without BOM) or
Latin-1. Each QPV's parents are its communes, which must already be loaded (load_territoires).
A bad row is reported with its line number and skipped; it never stops the import.
"""
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from . import facet_tree
from .models import Territoire
from .text import fold

COLUMNS = ("code_qpv", "nom", "communes")
COMMUNE_SEPARATORS = re.compile(r"\s*[|,;]\s*")
COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
MAX_CODE = Territoire._meta.get_field("code").max_length
MAX_NAME = Territoire._meta.get_field("nom").max_length


class QpvImportError(Exception):
    """The file cannot be read at all (missing, empty, required column absent): message translated."""


@dataclass
class Problem:
    line: int
    code: str  # the QPV code, when the row has one
    kind: str  # stable key for programs and tests: missing_column, empty_code, ...
    message: str  # translated, for people

    def __str__(self):
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportReport:
    created: list = field(default_factory=list)  # QPV codes
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    rejected: list = field(default_factory=list)  # Problem: the row was not imported
    warnings: list = field(default_factory=list)  # Problem: imported, but not all of it
    dry_run: bool = False


def read_text(path):
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise QpvImportError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}) from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # never fails: every byte is a Latin-1 character


def detect_delimiter(text):
    header = text.lstrip().split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=";,").delimiter
    except csv.Error:
        return ";" if header.count(";") > header.count(",") else ","


def _header_key(name):
    return fold(name).replace(" ", "_").replace("-", "_")


def parse(text):
    """Yield (line number, {column: value}, problem or None) for each non-blank row."""
    if not text.strip():
        raise QpvImportError(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    header = [_header_key(name) for name in next(reader)]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise QpvImportError(_("Required column(s) missing from the header: %(columns)s (expected: %(expected)s).") % {
            "columns": ", ".join(missing), "expected": ", ".join(COLUMNS)})
    position = {name: header.index(name) for name in COLUMNS}
    communes_last = position["communes"] == len(header) - 1
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {name: row[index].strip() if index < len(row) else None for name, index in position.items()}
        if communes_last and len(row) > len(header):
            # "a,b,95127,95585" with "," between columns and between communes: the rest is communes.
            values["communes"] = ",".join(row[position["communes"]:])
        absent = [name for name in COLUMNS if values[name] is None]
        problem = None
        if absent:
            problem = ("missing_column", _("missing column(s): %(columns)s") % {"columns": ", ".join(absent)})
        yield line, values, problem


def split_communes(value):
    codes = []
    for code in COMMUNE_SEPARATORS.split(value or ""):
        code = code.strip().upper()
        if code.isdigit() and len(code) == 4:  # a spreadsheet dropped the leading zero: 1053 is 01053
            code = "0" + code
        if code and code not in codes:
            codes.append(code)
    return codes


def import_qpv(path, dry_run=False):
    report = ImportReport(dry_run=dry_run)
    rows = list(parse(read_text(path)))
    communes = dict(Territoire.objects.filter(niveau=Territoire.Niveau.COMMUNE).values_list("code", "pk"))
    seen = {}
    with transaction.atomic():
        for line, values, problem in rows:
            code = (values.get("code_qpv") or "").upper()

            def reject(kind, message):
                report.rejected.append(Problem(line, code, kind, message))

            if problem:
                reject(*problem)
                continue
            name = " ".join(values["nom"].split())
            if not code:
                reject("empty_code", _("the QPV code is empty"))
                continue
            if len(code) > MAX_CODE or " " in code:
                reject("invalid_code", _("invalid QPV code \"%(code)s\"") % {"code": code})
                continue
            if code in seen:
                reject("duplicate_code", _("QPV code %(code)s already given on line %(line)d") % {
                    "code": code, "line": seen[code]})
                continue
            if not name:
                reject("empty_name", _("the name of QPV %(code)s is empty") % {"code": code})
                continue
            if len(name) > MAX_NAME:
                reject("name_too_long", _("the name of QPV %(code)s is longer than %(max)d characters") % {
                    "code": code, "max": MAX_NAME})
                continue
            codes = split_communes(values["communes"])
            if not codes:
                reject("no_commune", _("no commune given for QPV %(code)s") % {"code": code})
                continue
            parent_ids, row_warnings = [], []
            for commune in codes:
                if not COMMUNE_CODE.match(commune):
                    row_warnings.append(Problem(line, code, "invalid_commune", _(
                        "\"%(commune)s\" is not an INSEE commune code (QPV %(code)s)") % {
                        "commune": commune, "code": code}))
                elif commune not in communes:
                    row_warnings.append(Problem(line, code, "unknown_commune", _(
                        "unknown commune %(commune)s for QPV %(code)s (load the territories first?)") % {
                        "commune": commune, "code": code}))
                else:
                    parent_ids.append(communes[commune])
            if not parent_ids:
                reject("no_known_commune", _("none of the communes of QPV %(code)s is known: %(communes)s") % {
                    "code": code, "communes": ", ".join(codes)})
                continue
            seen[code] = line
            try:
                with transaction.atomic():
                    outcome = _save(code, name, parent_ids)
            except DatabaseError as error:
                reject("database_error", _("QPV %(code)s could not be saved: %(error)s") % {
                    "code": code, "error": error})
                continue
            getattr(report, outcome).append(code)
            report.warnings.extend(row_warnings)
        if dry_run:
            transaction.set_rollback(True)
        elif report.created or report.updated:
            facet_tree.vocabulary_loaded()  # once, after the commit, whatever the number of QPV
    return report


def _save(code, name, parent_ids):
    qpv = Territoire.objects.filter(niveau=Territoire.Niveau.QPV, code=code).first()
    if qpv is None:
        qpv = Territoire(niveau=Territoire.Niveau.QPV, code=code, nom=name)
        qpv.save()
        qpv.parents.set(parent_ids)
        return "created"
    changed = False
    if qpv.nom != name:
        qpv.nom = name
        qpv.libelle = ""
        qpv.libelle = qpv.default_label()
        qpv.save()
        changed = True
    if set(qpv.parents.values_list("pk", flat=True)) != set(parent_ids):
        qpv.parents.set(parent_ids)
        changed = True
    return "updated" if changed else "unchanged"
