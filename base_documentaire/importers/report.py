"""What an import tells its caller: counts, rejected rows, warnings, unknown labels, files."""
from collections import Counter
from dataclasses import dataclass, field


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
