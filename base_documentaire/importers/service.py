"""Applies parsed records to the documentary base.

- Idempotent: a notice is known by its identifier within its contributor; importing the same
  file again updates (or leaves alone) what it created, never duplicates it.
- Tolerant: a bad row is rejected with its line number and the reason, in French, and the
  good rows are imported all the same (each row runs in its own savepoint).
- Vocabularies: theme and territory labels are matched ignoring case and accents, against
  the preferred term and synonyms of the themes, the label and the name of the territories;
  a label matching nothing is reported and recorded as a `TermeCandidat`.
- Each notice is saved, a revision is saved and published, as in the administration (or, with
  `submit`, kept as a draft and handed to it: partners' imports go to moderation). The
  publication is Wagtail's, written directly (`publication.BatchPublisher`): log entries, the
  reference index and the search index outbox are written once a batch.
- Files named by the rows are looked up in the files folder, stored once (same content, same
  `Fichier`) through the storage API and attached to the notice.
- Fast: vocabularies and identifiers are read once, rows are committed by batches, and a
  re-imported row whose content did not change costs no write.
"""
import hashlib
import logging
import time
import unicodedata
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path, PurePosixPath, PureWindowsPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.log_actions import log
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from base_documentaire import indexing
from base_documentaire.doublons import detection as doublons
from base_documentaire.models import (Fichier, Notice, NoticeAuteur, NoticeFichier, NoticeLien, TermeCandidat,
                                      Territoire, Theme)
from base_documentaire.models.notices import Langue, TypeDocument
from base_documentaire.text import fold

from . import csv_format, ris_format
from .codes import DATE, parse_year, resolve_language, resolve_type
from .publication import BatchPublisher, can_publish_now
from .reading import decode, read_bytes
from .records import COLLECTIVITE, PERSONNE, ImportFileError

logger = logging.getLogger(__name__)

BATCH_SIZE = 250
INDEX_BATCH = 500
# Notice fields an import writes, with the record attribute holding each.
FIELDS = {
    "titre": "titre", "sous_titre": "sous_titre", "resume": "resume", "type_document": "type",
    "annee": "annee", "date_publication": "date", "langue": "langue", "editeur": "editeur",
    "lieu_edition": "lieu", "collection": "collection", "collation": "collation", "isbn": "isbn", "issn": "issn",
}
RELATIONS = ("auteurs", "themes", "territoires", "urls", "mots_cles")
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
TITLE_MAX_LENGTH = Fichier._meta.get_field("title").max_length


@dataclass
class Rejection:
    line: int
    reason: str
    external_id: str = ""


@dataclass
class ImportReport:
    format: str = ""
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list = field(default_factory=list)  # [Rejection]
    warnings: list = field(default_factory=list)  # [(line or None, message)]
    unknown_terms: Counter = field(default_factory=Counter)  # {(vocabulaire, label): occurrences}
    missing_files: list = field(default_factory=list)  # [(line, file name, message)]
    files_attached: int = 0
    notice_ids: list = field(default_factory=list)  # created or updated
    index: object = None  # indexing.SyncReport once the search index is updated
    seconds: float = 0.0

    @property
    def rows(self):
        return self.created + self.updated + self.unchanged + len(self.rejected)


class RowError(Exception):
    def __init__(self, reasons):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


@dataclass
class Prepared:
    """A record checked and converted to what the notice stores."""
    line: int
    external_id: str
    fields: dict
    auteurs: list = None  # None: the source says nothing, keep what the notice has
    urls: list = None
    themes: list = None
    territoires: list = None
    mots_cles: list = None
    pdf: tuple = None  # (path, sha1, name)
    unknown: list = field(default_factory=list)  # [(vocabulaire, label)]
    warnings: list = field(default_factory=list)


def detect_format(path, data=None, declared=None):
    """`csv` or `ris`: as declared, else from the extension, else from the content."""
    if declared:
        return declared
    suffix = Path(str(path)).suffix.lower()
    if suffix == ".ris":
        return "ris"
    if suffix in (".csv", ".tsv"):
        return "csv"
    try:
        text = decode(data if data is not None else read_bytes(path))
    except ImportFileError:
        return "csv"  # the CSV reader gives the precise message
    return "ris" if ris_format.looks_like_ris(text) else "csv"


def parse(path, format=None):
    """Read the file into a ParsedFile (records read lazily); ImportFileError if unreadable."""
    data = read_bytes(path)
    kind = detect_format(path, data, format)
    parser = ris_format if kind == "ris" else csv_format
    return parser.parse(data)


def import_file(path, format=None, **options):
    """Parse and import a CSV or RIS file; ImportFileError (French message) if unreadable."""
    return NoticeImporter(**options).run(parse(path, format))


class Vocabularies:
    """Every label of the themes and territories, folded, read once per import."""

    def __init__(self):
        self.themes, self.territories = {}, {}  # folded label -> instance
        synonyms = {}
        for pk, nom, synonymes in Theme.objects.values_list("pk", "nom", "synonymes"):
            theme = self._instance(Theme, pk, "nom", nom)
            self.themes[fold(nom)] = theme
            for synonym in synonymes.splitlines():
                if synonym.strip():
                    synonyms.setdefault(fold(synonym), theme)
        for key, theme in synonyms.items():
            self.themes.setdefault(key, theme)
        names = {}
        for pk, libelle, nom in Territoire.objects.values_list("pk", "libelle", "nom"):
            territory = self._instance(Territoire, pk, "libelle", libelle)
            self.territories[fold(libelle)] = territory
            names.setdefault(fold(nom), []).append(territory)
        for key, territories in names.items():
            if len(territories) == 1:  # "Paris" is a commune and a département: only its label tells which
                self.territories.setdefault(key, territories[0])

    @staticmethod
    def _instance(model, pk, label_field, label):
        """A light instance, as if read from the database with only its key and sort field."""
        return model.from_db(DEFAULT_DB_ALIAS, ["id", label_field], (pk, label))

    def theme(self, label):
        return self.themes.get(fold(label))

    def territory(self, label):
        return self.territories.get(fold(label))


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def clean_text(value, multiline=False):
    """NFC, no control characters (PostgreSQL refuses NUL), spaces collapsed on one-line fields."""
    value = unicodedata.normalize("NFC", value or "")
    value = "".join(char for char in value if char >= " " or char in "\n\t")
    if multiline:
        return "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()
    return " ".join(value.split())


def _match_labels(labels, lookup, vocabulary, prepared):
    """The vocabulary entries of these labels; unknown labels are kept for the documentalist."""
    found = []
    for label in map(clean_text, labels):
        entry = lookup(label)
        if entry:
            found.append(entry)
        elif label:
            prepared.unknown.append((vocabulary, label))
    return found


class NoticeImporter:
    def __init__(self, contributeur=None, files_dir=None, dry_run=False, user=None, batch_size=BATCH_SIZE,
                 progress=None, index=True, submit=None):
        # `submit(notice, user)` instead of publishing (reseau.contribution submits to moderation)
        self.submit = submit
        self.contributeur = contributeur
        self.files_dir = Path(files_dir).resolve() if files_dir else None
        self.dry_run = dry_run
        self.user = user
        self.batch_size = batch_size
        self.progress = progress
        self.index = index and not dry_run
        self.report = ImportReport(dry_run=dry_run)
        self._lengths = {name: Notice._meta.get_field(name).max_length for name in FIELDS}
        year_field = Notice._meta.get_field("annee")
        self._year_range = (
            next((v.limit_value for v in year_field.validators if isinstance(v, MinValueValidator)), 1),
            next((v.limit_value for v in year_field.validators if isinstance(v, MaxValueValidator)), 9999),
        )
        self._url_validator = URLValidator(schemes=["http", "https", "ftp"])
        self._seen_lines = {}  # external id -> first line, to tell about duplicates
        self._tags = {}
        self._unknown_spellings = {}
        self._stored_files = {}  # sha1 -> Fichier stored during this import

    # -- running -------------------------------------------------------------------------------

    def run(self, parsed):
        started = time.monotonic()
        report = self.report
        report.format = parsed.format
        self.provided = getattr(parsed, "provided", None)
        self.vocabularies = Vocabularies()
        existing = Notice.objects.filter(contributeur=self.contributeur).exclude(external_id="")
        self.existing = dict(existing.values_list("external_id", "pk"))
        # Doublons: detection runs once a batch, below (detection.flag_many), instead of on each save.
        # Each batch also collects its search index updates (one outbox upsert), its log entries
        # and its reference index rows (BatchPublisher.flush).
        with transaction.atomic() if self.dry_run else nullcontext(), doublons.paused():
            for batch in batched(parsed.records, self.batch_size):
                with transaction.atomic(), indexing.deferred() as self._index_batch:
                    self._publisher = BatchPublisher(self.user)
                    self._import_batch(batch)
                    self._publisher.flush()
                if self.progress:
                    self.progress(report.rows)
            self.record_candidates()
            if self.dry_run:
                transaction.set_rollback(True)
        report.warnings[:0] = [(None, message) for message in parsed.warnings]
        if self.index and report.notice_ids:
            report.index = self._update_index(report.notice_ids)
        report.seconds = time.monotonic() - started
        return report

    def _update_index(self, ids):
        """Notices are searchable when the import returns; an engine outage is reported, not raised."""
        total = indexing.SyncReport()
        ids = sorted(set(ids))
        for start in range(0, len(ids), INDEX_BATCH):
            chunk = ids[start:start + INDEX_BATCH]
            try:
                part = indexing.sync(chunk, refresh=start + INDEX_BATCH >= len(ids))
            except Exception as error:  # sync never raises by contract; be safe all the same
                logger.exception("Index update after import failed")
                total.failed += len(chunk)
                total.error = f"{type(error).__name__}: {error}"
                continue
            total.indexed += part.indexed
            total.deleted += part.deleted
            total.failed += part.failed
            total.error = total.error or part.error
        return total

    def _import_batch(self, records):
        keys = [clean_text(r.external_id) or (r.derived_id() if r.titre else "") for r in records]
        ids = [self.existing[key] for key in keys if key in self.existing]
        loaded = {
            notice.pk: notice
            for notice in Notice.objects.filter(pk__in=ids).prefetch_related(
                "auteurs", "liens", "themes", "territoires", "mots_cles", "fichiers__fichier")
        } if ids else {}
        written = []  # (prepared, outcome, notice) of the rows kept, in order
        for record in records:
            marks = self._publisher.mark(), self._index_batch.mark()
            try:
                prepared = self.prepare(record)
                with transaction.atomic():
                    outcome, notice = self._apply(prepared, loaded)
            except RowError as error:
                self.report.rejected.append(Rejection(record.line, str(error), record.external_id))
                self._forget_uncommitted(marks)
                continue
            except Exception as error:  # a database refusal must not stop the good rows
                logger.exception("Import of line %s failed", record.line)
                self._forget_uncommitted(marks)
                self.report.rejected.append(Rejection(
                    record.line, _("Unexpected error: %(error)s") % {"error": f"{type(error).__name__}: {error}"},
                    record.external_id))
                continue
            written.append((prepared, outcome, notice))
        self._flag_duplicates(written)
        for prepared, outcome, notice in written:
            self._count(prepared, outcome, notice)

    @staticmethod
    def _flag_duplicates(written):
        """Doublons: a report line for each written row that looks like other notices (the row is
        kept); the batch's rows are compared as each one was written (``detection.flag_many``)."""
        rows = [(prepared, notice, outcome == "created") for prepared, outcome, notice in written
                if outcome != "unchanged"]
        lines = doublons.import_warnings_many([(notice, created) for _prepared, notice, created in rows])
        for (prepared, _notice, _created), warnings in zip(rows, lines):
            prepared.warnings.extend(warnings)

    def _forget_uncommitted(self, marks):
        """Tags, files, log entries and index updates of a rolled back row are gone: forget them."""
        self._tags.clear()
        self._stored_files.clear()
        self._publisher.rollback_to(marks[0])
        self._index_batch.forget_since(marks[1])

    def _count(self, prepared, outcome, notice):
        report = self.report
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome != "unchanged":
            report.notice_ids.append(notice.pk)
        for vocabulaire, label in prepared.unknown:  # counted under the first spelling met
            label = self._unknown_spellings.setdefault((vocabulaire, fold(label)), label)
            report.unknown_terms[(vocabulaire, label)] += 1
        report.warnings.extend((prepared.line, message) for message in prepared.warnings)

    # -- checking a record -----------------------------------------------------------------

    # prepare / fill_fields / fill_relations / record_candidates are also how the partner API
    # (reseau/api/service.py) validates and writes one notice with the import's rules.

    def prepare(self, record):
        """A record checked and resolved against the vocabularies; raises RowError with its reasons."""
        errors = list(record.errors)
        if errors:
            raise RowError(errors)
        provided = self.provided
        values = {}
        for name, attribute in FIELDS.items():
            if provided is None or attribute in provided:
                values[name] = clean_text(getattr(record, attribute), multiline=name == "resume")
        external_id = clean_text(record.external_id)
        prepared = Prepared(record.line, external_id, values)

        if "titre" in values and not values["titre"]:
            errors.append(_("Missing title."))
        if "type_document" in values:
            code = resolve_type(values["type_document"]) if values["type_document"] else TypeDocument.AUTRE
            if code is None:
                errors.append(_("Unknown document type “%(value)s”.") % {"value": values["type_document"]})
            values["type_document"] = code
        if "annee" in values:
            raw = values["annee"]
            year = parse_year(raw) if raw else None
            if raw and year is None:
                errors.append(_("Invalid year “%(value)s”.") % {"value": raw})
            elif year is not None and not self._year_range[0] <= year <= self._year_range[1]:
                errors.append(_("Year %(year)d out of range (%(min)d–%(max)d).")
                              % {"year": year, "min": self._year_range[0], "max": self._year_range[1]})
            values["annee"] = year
        if "date_publication" in values:
            values["date_publication"] = self._date(values["date_publication"])
        if "langue" in values:
            raw = values["langue"]
            code = resolve_language(raw) if raw else Langue.FRANCAIS
            if code is None:
                prepared.warnings.append(_("Unknown language “%(value)s”: recorded as Other.") % {"value": raw})
                code = Langue.AUTRE
            values["langue"] = code
        if "issn" in values:
            values["issn"] = values["issn"].upper().removeprefix("ISSN").strip()
        if "isbn" in values:
            values["isbn"] = values["isbn"].upper().removeprefix("ISBN").strip(" :")
        for name, max_length in self._lengths.items():
            value = values.get(name)
            if max_length and isinstance(value, str) and len(value) > max_length:
                errors.append(_("“%(field)s” is too long (%(length)d characters, at most %(max)d).")
                              % {"field": name, "length": len(value), "max": max_length})
        if len(external_id) > Notice._meta.get_field("external_id").max_length:
            errors.append(_("The identifier is too long."))

        self._prepare_relations(record, prepared, errors)
        if errors:
            raise RowError(errors)
        if not prepared.external_id:
            prepared.external_id = record.derived_id()
        if record.pdf and self._provides("pdf"):
            prepared.pdf = self._find_file(record.pdf, prepared)
        return prepared

    def _date(self, value):
        match = DATE.match(value or "")
        if not match:
            return None
        from datetime import date

        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            return None

    def _provides(self, attribute):
        return self.provided is None or attribute in self.provided

    def _prepare_relations(self, record, prepared, errors):
        if self._provides("auteurs"):
            max_length = NoticeAuteur._meta.get_field("nom").max_length
            prepared.auteurs = []
            for author in record.auteurs:
                name = clean_text(author[0])
                if not name:
                    continue
                if len(name) > max_length:
                    errors.append(_("Author name too long: “%(name)s…”.") % {"name": name[:40]})
                nature = author[1] if author[1] in (PERSONNE, COLLECTIVITE) else PERSONNE
                role = clean_text(author[2]) if len(author) > 2 else ""
                prepared.auteurs.append((name, nature, role[:100]))
        if self._provides("urls"):
            prepared.urls = []
            for url in record.urls:
                url = clean_text(url)
                if url and "://" not in url and url.lower().startswith("www."):
                    url = "https://" + url
                try:
                    self._url_validator(url)
                    if len(url) > NoticeLien._meta.get_field("url").max_length:
                        raise ValidationError("too long")
                except ValidationError:
                    prepared.warnings.append(_("Invalid link ignored: “%(url)s”.") % {"url": url[:200]})
                    continue
                if url not in prepared.urls:
                    prepared.urls.append(url)
        vocabularies = self.vocabularies
        themes, territories, keywords = [], [], []
        if self._provides("themes"):
            themes = prepared.themes = _match_labels(
                record.themes, vocabularies.theme, TermeCandidat.Vocabulaire.THEME, prepared)
        if self._provides("territoires"):
            territories = prepared.territoires = _match_labels(
                record.territoires, vocabularies.territory, TermeCandidat.Vocabulaire.TERRITOIRE, prepared)
        if self._provides("mots_cles"):
            keywords = [clean_text(keyword) for keyword in record.mots_cles]
            prepared.mots_cles = keywords
        if record.sujets:  # RIS keywords: a theme, else a territory, else a free keyword
            for label in record.sujets:
                label = clean_text(label)
                if theme := vocabularies.theme(label):
                    themes.append(theme)
                elif territory := vocabularies.territory(label):
                    territories.append(territory)
                else:
                    keywords.append(label)
            prepared.themes, prepared.territoires, prepared.mots_cles = themes, territories, keywords
        if prepared.mots_cles is not None:
            kept = []
            for keyword in prepared.mots_cles:
                if not keyword or keyword in kept:
                    continue
                if len(keyword) > TAG_MAX_LENGTH:
                    prepared.warnings.append(_("Keyword too long, ignored: “%(keyword)s…”.")
                                             % {"keyword": keyword[:40]})
                    continue
                kept.append(keyword)
            prepared.mots_cles = kept
        for name in ("themes", "territoires"):
            items = getattr(prepared, name)
            if items is not None:
                setattr(prepared, name, list({item.pk: item for item in items}.values()))

    def _find_file(self, name, prepared):
        """The file named by the row, looked up in the files folder (never outside it)."""
        clean = name.strip()
        if not self.files_dir:
            self.report.missing_files.append((prepared.line, clean, _(
                "File “%(name)s” not attached: no files folder given (--files-dir).") % {"name": clean}))
            return None
        windows = PureWindowsPath(clean)
        candidates = []
        relative = PurePosixPath(clean.replace("\\", "/"))
        if not relative.is_absolute() and not windows.drive and ".." not in relative.parts:
            candidates.append(self.files_dir / relative)
        candidates.append(self.files_dir / windows.name)
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            if resolved.is_file() and resolved.is_relative_to(self.files_dir):
                return (resolved, self._sha1(resolved), windows.name)
        self.report.missing_files.append(
            (prepared.line, clean, _("File “%(name)s” not found in the files folder.") % {"name": clean}))
        return None

    @staticmethod
    def _sha1(path):
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha1").hexdigest()

    # -- writing ---------------------------------------------------------------------------------

    def _apply(self, prepared, loaded):
        key = prepared.external_id
        if key in self._seen_lines:
            prepared.warnings.append(_("The identifier “%(id)s” already appears line %(line)d: the notice is "
                                       "updated again.") % {"id": key, "line": self._seen_lines[key]})
        else:
            self._seen_lines[key] = prepared.line
        pk = self.existing.get(key)
        previous_title = None
        if pk is None:
            notice = Notice(contributeur=self.contributeur, external_id=key, live=False)
            self.fill_fields(notice, prepared)
            outcome = "created"
        else:
            notice = loaded.pop(pk, None) or Notice.objects.get(pk=pk)
            if notice.locked:
                raise RowError([_("The notice is locked in the administration: it was not updated.")])
            if self._unchanged(notice, prepared):
                return "unchanged", notice
            previous_title = str(notice)
            self.fill_fields(notice, prepared)
            outcome = "updated"
        if self.submit is None and can_publish_now(notice):
            self.fill_relations(notice, prepared)
            self._attach_file(notice, prepared)
            with disable_reference_index_auto_update():
                self._publisher.publish(notice, outcome == "created", previous_title)
        else:
            self._save_with_wagtail(notice, prepared, outcome)
        self.existing[key] = notice.pk
        return outcome, notice

    def _save_with_wagtail(self, notice, prepared, outcome):
        """Wagtail's own path: a partner's draft handed to moderation, or a scheduled publication."""
        if outcome == "created":
            with disable_reference_index_auto_update():
                notice.save()  # bare: its children are written once, by the publication below
        self.fill_relations(notice, prepared)
        self._attach_file(notice, prepared)
        # As the administration does: a revision of the edited notice, then its publication
        # (which writes the notice and its children from the revision).
        with disable_reference_index_auto_update():
            revision = notice.save_revision(user=self.user, clean=False)
            if outcome == "created":
                log(instance=notice, action="wagtail.create", user=self.user, revision=revision, content_changed=True)
            if self.submit is None:  # otherwise kept as a draft, submitted below
                revision.publish(user=self.user, skip_permission_checks=True)
        if self.submit is not None and not self.dry_run:
            self.submit(notice, self.user)
        update_reference_index_task.enqueue(Notice._meta.app_label, Notice._meta.model_name, str(notice.pk))

    def fill_fields(self, notice, prepared):
        for name, value in prepared.fields.items():
            setattr(notice, name, value)

    def fill_relations(self, notice, prepared):
        if prepared.auteurs is not None:
            notice.auteurs = [NoticeAuteur(nom=nom, nature=nature, role=role, sort_order=index)
                              for index, (nom, nature, role) in enumerate(prepared.auteurs)]
        if prepared.urls is not None:
            notice.liens = [NoticeLien(url=url, sort_order=index) for index, url in enumerate(prepared.urls)]
        if prepared.themes is not None:
            notice.themes = prepared.themes
        if prepared.territoires is not None:
            notice.territoires = prepared.territoires
        if prepared.mots_cles is not None:
            notice.mots_cles.set(self._tag_objects(prepared.mots_cles))

    def _tag_objects(self, names):
        """Tags by name, created once; cached for the whole import."""
        missing = [name for name in names if name not in self._tags]
        if missing:
            for tag in Tag.objects.filter(name__in=missing):
                self._tags[tag.name] = tag
            for name in missing:
                if name not in self._tags:
                    self._tags[name] = Tag.objects.create(name=name)
        return [self._tags[name] for name in names]

    def _unchanged(self, notice, prepared):
        """True when publishing the row would change nothing (a plain re-import)."""
        if not notice.live or notice.has_unpublished_changes:
            return False
        if any(getattr(notice, name) != value for name, value in prepared.fields.items()):
            return False
        current = {
            "auteurs": lambda: [(a.nom, a.nature, a.role) for a in notice.auteurs.all()],
            "urls": lambda: [link.url for link in notice.liens.all()],
            "themes": lambda: {theme.pk for theme in notice.themes.all()},
            "territoires": lambda: {territory.pk for territory in notice.territoires.all()},
            "mots_cles": lambda: {tag.name for tag in notice.mots_cles.all()},
        }
        wanted = {
            "auteurs": prepared.auteurs,
            "urls": prepared.urls,
            "themes": None if prepared.themes is None else {theme.pk for theme in prepared.themes},
            "territoires": None if prepared.territoires is None else {item.pk for item in prepared.territoires},
            "mots_cles": None if prepared.mots_cles is None else set(prepared.mots_cles),
        }
        if any(value is not None and value != current[name]() for name, value in wanted.items()):
            return False
        if prepared.pdf and prepared.pdf[1] not in {link.fichier.file_hash for link in notice.fichiers.all()}:
            return False
        return True

    def _attach_file(self, notice, prepared):
        if not prepared.pdf:
            return
        path, sha1, name = prepared.pdf
        links = list(notice.fichiers.all()) if notice.pk else []
        if any(link.fichier.file_hash == sha1 for link in links):
            return
        if self.dry_run:  # nothing may be written, files included
            self.report.files_attached += 1
            return
        fichier = self._stored_files.get(sha1) or Fichier.objects.filter(file_hash=sha1).first()
        if fichier is None:
            fichier = Fichier(title=name[:TITLE_MAX_LENGTH], file_hash=sha1, file_size=path.stat().st_size)
            with open(path, "rb") as handle:
                fichier.file.save(name, File(handle, name=name), save=False)
            fichier.save()
            self._stored_files[sha1] = fichier
        notice.fichiers = links + [NoticeFichier(fichier=fichier, sort_order=len(links))]
        self.report.files_attached += 1

    def record_candidates(self):
        """Unknown labels become candidate terms (occurrences add up across imports)."""
        counts = Counter()
        labels = {}
        for (vocabulaire, label), count in self.report.unknown_terms.items():
            key = (vocabulaire, fold(label)[:255])
            counts[key] += count
            labels.setdefault(key, label[:255])
        if not counts:
            return
        existing = {
            (candidate.vocabulaire, candidate.cle): candidate
            for candidate in TermeCandidat.objects.filter(cle__in={key for _v, key in counts})
        }
        for key, count in counts.items():
            if key in existing:
                TermeCandidat.objects.filter(pk=existing[key].pk).update(occurrences=F("occurrences") + count)
            else:
                candidate = TermeCandidat(vocabulaire=key[0], libelle=labels[key], occurrences=count)
                candidate.save()
