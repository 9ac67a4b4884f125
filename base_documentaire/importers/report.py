"""What an import tells its caller: counts, rejected rows, warnings, unknown labels, files, and
each record's outcome (`Outcomes`)."""
import csv
import tempfile
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import TermeCandidat

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
OUTCOME_LABELS = {CREATED: gettext_lazy("Notice created"), UPDATED: gettext_lazy("Notice updated"),
                  UNCHANGED: gettext_lazy("Notice unchanged"), REJECTED: gettext_lazy("Line rejected")}
VOCABULARIES = (TermeCandidat.Vocabulaire.TYPE, TermeCandidat.Vocabulaire.THEME, TermeCandidat.Vocabulaire.TERRITOIRE)
HEADER = (gettext_lazy("line"), gettext_lazy("identifier"), gettext_lazy("outcome"), gettext_lazy("notice"),
          gettext_lazy("document type"), gettext_lazy("themes"), gettext_lazy("territories"),
          gettext_lazy("messages"))
SPOOL_SIZE = 1024 * 1024  # outcomes kept in memory up to 1 MB, then in a temporary file


@dataclass
class Rejection:
    line: int
    reason: str
    external_id: str = ""


@dataclass
class Outcome:
    """One record's outcome, as the report's CSV gives it (French text)."""
    line: int
    external_id: str
    outcome: str  # created, updated, unchanged or rejected
    notice_id: object  # None when rejected (or in a dry run, for a new notice)
    type_document: str  # "label as written → entry" or "label (candidate term)"
    themes: str
    territoires: str
    messages: str  # why the record is rejected, or the row's warnings

    def summary(self):
        """The vocabularies' part in one line ("Thèmes : QPV → Quartiers prioritaires…")."""
        parts = [(_("Document type"), self.type_document), (_("Themes"), self.themes),
                 (_("Territories"), self.territoires)]
        return " ; ".join(_("%(name)s: %(values)s") % {"name": name, "values": values} for name, values in parts
                          if values)


class Outcomes:
    """Every record's `Outcome`, in the source's order, stored compactly: as CSV lines in a temporary
    file (in memory up to 1 MB), so that a 100,000-record import keeps its whole report without
    holding it in memory."""

    def __init__(self):
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE, mode="w+", encoding="utf-8", newline="")
        self._writer = csv.writer(self._file)
        self.count = 0

    def add(self, line, external_id, outcome, notice_id=None, mapped=(), unknown=(), messages=()):
        """``mapped``: [(vocabulaire, label as written, entry)]; ``unknown``: [(vocabulaire, label)]
        kept as candidate terms; ``messages``: French texts."""
        cells = {vocabulaire: [] for vocabulaire in VOCABULARIES}
        for vocabulaire, label, entry in mapped:
            cells[vocabulaire].append(f"{label} → {entry}" if label != entry else label)
        for vocabulaire, label in unknown:
            if label:
                cells[vocabulaire].append(_("%(label)s (candidate term)") % {"label": label})
        self._file.seek(0, 2)
        self._writer.writerow([line, external_id, outcome, notice_id or "",
                               *(" | ".join(cells[vocabulaire]) for vocabulaire in VOCABULARIES),
                               " | ".join(messages)])
        self.count += 1

    def __iter__(self):
        """The outcomes, from the first record (read back from the file)."""
        self._file.seek(0)
        for line, external_id, outcome, notice_id, *cells in csv.reader(self._file):
            yield Outcome(int(line) if line else 0, external_id, outcome, int(notice_id) if notice_id else None,
                          *cells)
        self._file.seek(0, 2)

    def __len__(self):
        return self.count

    def rows(self):
        """The report as CSV rows, a French header first."""
        yield [str(title) for title in HEADER]
        for item in self:
            yield [item.line or "", item.external_id, str(OUTCOME_LABELS.get(item.outcome, item.outcome)),
                   item.notice_id or "", item.type_document, item.themes, item.territoires, item.messages]

    def write_csv(self, handle):
        """The report as CSV (UTF-8 with BOM, for spreadsheets) into a text file."""
        handle.write("\ufeff")
        csv.writer(handle).writerows(self.rows())


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
    outcomes: Outcomes = field(default_factory=Outcomes)  # each record's outcome, in the source's order

    @property
    def rows(self):
        return self.created + self.updated + self.unchanged + len(self.rejected)
