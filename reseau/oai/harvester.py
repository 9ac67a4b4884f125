"""Harvests oai_dc records from another OAI-PMH repository into the base, under one contributeur.

Records go through the import pipeline (base_documentaire.importers.service): the same checks,
vocabulary matching, candidate terms, idempotence on (contributeur, external id = the OAI
identifier), publication and index refresh as a CSV or RIS import. Deleted records unpublish
the matching notice. A failure while harvesting (network, HTTP, not OAI-PMH, protocol error)
stops the harvest cleanly: the records read before it are imported all the same, then the
error is reported. The next pages are fetched in a thread (read_ahead.py) while the records
already received are written a batch at a time.
"""
import re
from dataclasses import dataclass, field
from functools import cached_property

import requests
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree
from sickle import Sickle, oaiexceptions
from sickle.app import DEFAULT_CLASS_MAP
from sickle.models import Record
from sickle.response import OAIResponse

from base_documentaire import indexing
from base_documentaire.importers.codes import DATE, resolve_type
from base_documentaire.importers.records import Auteur, NoticeRecord, ParsedFile, attributes_but, author_nature
from base_documentaire.importers.service import ImportOptions, import_records
from base_documentaire.models import Notice
from base_documentaire.models.notices import TypeDocument

from . import dublin_core
from .read_ahead import read_ahead
from .xml import OAI_NS

USER_AGENT = "crpv-harvest-oai/1.0"
MAX_RETRY_WAIT = 120  # seconds: a server asking for more is not waited for
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|2100)(?!\d)")
URL = re.compile(r"^(https?|ftp)://", re.IGNORECASE)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")
WITHDRAW_BATCH = 500
READ_AHEAD = 300  # records fetched ahead of the import (three pages of our own repository)
NUMBER = re.compile(r"^(?:urn:)?(isbn|issn)[:\s]\s*(\S.*)$", re.IGNORECASE)


# Sickle raises one class per protocol error code (with no common base but for the unknown ones).
PROTOCOL_ERRORS = (oaiexceptions.BadArgument, oaiexceptions.BadVerb, oaiexceptions.BadResumptionToken,
                   oaiexceptions.CannotDisseminateFormat, oaiexceptions.IdDoesNotExist,
                   oaiexceptions.NoSetHierarchy, oaiexceptions.NoMetadataFormat)


class HarvestError(Exception):
    """The source cannot be harvested (further). The message is for the user (French)."""


# -- the OAI-PMH client: Sickle, stricter about what it is answered ------------------------------

class StrictResponse(OAIResponse):
    """An answer that must be well-formed OAI-PMH XML (Sickle alone would "recover" any text)."""

    @cached_property
    def xml(self):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
        try:
            root = etree.fromstring(self.http_response.content, parser=parser)
        except etree.XMLSyntaxError as error:
            raise HarvestError(_("The source did not answer XML (%(error)s).") % {"error": error}) from None
        if root.tag != f"{{{OAI_NS}}}OAI-PMH":
            raise HarvestError(_("The source answered XML that is not OAI-PMH (root element “%(tag)s”).")
                               % {"tag": etree.QName(root).localname})
        return root


class DublinCoreRecord(Record):
    def get_metadata(self):
        """{element: [values]} of the oai_dc container; {} when the record carries none."""
        container = self.xml.find(f"{{{OAI_NS}}}metadata/{{{dublin_core.OAI_DC_NS}}}dc")
        values = {}
        for element in container if container is not None else ():
            if isinstance(element.tag, str) and element.tag.startswith(f"{{{dublin_core.DC_NS}}}"):
                text = " ".join((element.text or "").split())
                if text:
                    values.setdefault(etree.QName(element).localname, []).append(text)
        return values


class Client(Sickle):
    def __init__(self, endpoint, timeout=60):
        super().__init__(endpoint, max_retries=2, default_retry_after=10, timeout=timeout,
                         headers={"User-Agent": USER_AGENT},
                         class_mapping={**DEFAULT_CLASS_MAP, "ListRecords": DublinCoreRecord})

    def harvest(self, **kwargs):
        response = super().harvest(**kwargs)
        return StrictResponse(response.http_response, params=response.params)

    def get_retry_after(self, http_response):
        value = http_response.headers.get("retry-after", "").strip()
        return min(int(value), MAX_RETRY_WAIT) if value.isdigit() else self.default_retry_after


# -- oai_dc -> NoticeRecord ----------------------------------------------------------------------

def notice_record(record, line):
    """The import record of a harvested oai_dc record."""
    dc = record.metadata
    identifiers, relations, dates = dc.get("identifier", []), dc.get("relation", []), dc.get("date", [])
    numbers = {}
    for identifier in identifiers:
        if match := NUMBER.match(identifier):
            numbers.setdefault(match.group(1).lower(), match.group(2).strip())
    return NoticeRecord(
        line=line,
        external_id=record.header.identifier,
        titre=_first(dc.get("title")),
        resume="\n\n".join(dc.get("description", [])),
        type=next((value for value in dc.get("type", []) if resolve_type(value)), TypeDocument.AUTRE),
        auteurs=[Auteur(name, author_nature(name)) for name in dc.get("creator", [])],
        annee=next((match.group(1) for value in dates if (match := YEAR.search(value))), ""),
        date=next((value[:10] for value in dates if DATE.match(value)), ""),
        territoires=dc.get("coverage", []),
        sujets=dc.get("subject", []),
        langue=_first(dc.get("language")),
        editeur=_first(dc.get("publisher")),
        collection=next((value for value in relations if not SCHEME.match(value)), ""),
        isbn=numbers.get("isbn", ""),
        issn=numbers.get("issn", ""),
        urls=[value for value in identifiers + relations if URL.match(value)],
    )


def _first(values):
    return values[0] if values else ""


# -- the harvest ---------------------------------------------------------------------------------

@dataclass
class HarvestReport:
    imported: object = None  # the import's ImportReport
    read: int = 0  # records received, deleted ones included
    deleted: int = 0  # notices unpublished because the source deleted them
    error: str = ""  # why the harvest stopped early (French), or ""
    deleted_ids: list = field(default_factory=list)
    identifiers: dict = field(default_factory=dict)  # record number -> OAI identifier, for messages


class Harvester:
    def __init__(self, url, contributeur, set_spec="", from_="", until="", dry_run=False, timeout=60,
                 progress=None, list_size=None):
        self.url = url
        self.contributeur = contributeur
        self.arguments = {"metadataPrefix": dublin_core.PREFIX}
        for name, value in (("set", set_spec), ("from", from_), ("until", until)):
            if value:
                self.arguments[name] = value
        self.dry_run = dry_run
        self.progress = progress  # progress(records read so far), called after each batch
        self.list_size = list_size  # list_size(records), called once if the source tells its list's size
        self.client = Client(url, timeout=timeout)
        self.report = HarvestReport()
        self._deleted_identifiers = []

    def run(self):
        # Dublin Core says nothing of an edition nor of a public note: the notices keep theirs.
        parsed = ParsedFile(format=dublin_core.PREFIX, records=self._records(),
                            provided=attributes_but("edition", "note"))
        progress = self.progress and (lambda _rows: self.progress(self.report.read))
        options = ImportOptions(contributeur=self.contributeur, dry_run=self.dry_run, progress=progress)
        self.report.imported = import_records(parsed, options)
        if self.progress:
            self.progress(self.report.read)
        self._withdraw()
        return self.report

    def _records(self):
        """The live records as import records; deleted ones are noted. Stops at the first failure.
        The source's next pages are fetched while the records received are written (read_ahead)."""
        try:
            for record, list_size in read_ahead(self._received(), READ_AHEAD):
                self._tell_list_size(list_size)
                self.report.read += 1
                self.report.identifiers[self.report.read] = record.header.identifier
                if record.deleted:
                    self._deleted_identifiers.append(record.header.identifier)
                else:
                    yield notice_record(record, self.report.read)
        except oaiexceptions.NoRecordsMatch:
            return
        except HarvestError as error:
            self.report.error = str(error)
        except PROTOCOL_ERRORS as error:
            code = type(error).__name__
            self.report.error = _("The source answered the OAI-PMH error %(code)s: %(message)s") % {
                "code": code[0].lower() + code[1:], "message": str(error) or "-"}
        except oaiexceptions.OAIError as error:  # a code Sickle does not know
            self.report.error = _("The source answered an OAI-PMH error: %(message)s") % {"message": error}
        except requests.HTTPError as error:
            self.report.error = _("The source answered HTTP %(status)s (%(reason)s).") % {
                "status": error.response.status_code, "reason": error.response.reason}
        except requests.Timeout:
            self.report.error = _("The source did not answer in time.")
        except requests.RequestException as error:
            self.report.error = _("The source cannot be reached (%(error)s).") % {"error": _reason(error)}

    def _received(self):
        """(Sickle's record, the list's completeListSize or None); a record Sickle cannot read (no
        header, no metadata) stops the harvest. Runs in the read-ahead thread: network only."""
        records = self.client.ListRecords(**self.arguments)
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except (AttributeError, IndexError, TypeError):  # what Sickle raises on a broken record
                raise HarvestError(_("The source answered a malformed OAI-PMH record.")) from None
            yield record, getattr(records.resumption_token, "complete_list_size", None)

    def _tell_list_size(self, size):
        """The completeListSize of the first resumption token, for the progress bar's total."""
        if self.list_size and size and str(size).isdigit():
            self.list_size(int(size))
            self.list_size = None

    def _withdraw(self):
        """Unpublish the notices whose record the source reports as deleted."""
        identifiers = self._deleted_identifiers
        for start in range(0, len(identifiers), WITHDRAW_BATCH):
            chunk = identifiers[start:start + WITHDRAW_BATCH]
            for notice in Notice.objects.filter(contributeur=self.contributeur, external_id__in=chunk, live=True):
                self.report.deleted += 1
                if not self.dry_run:
                    with transaction.atomic():
                        notice.unpublish()
                    self.report.deleted_ids.append(notice.pk)
        if self.report.deleted_ids:
            indexing.sync(self.report.deleted_ids, refresh=True)


def _reason(error):
    """The system's words for a connection failure ("Connection refused"), else the error's kind."""
    match = ERRNO.search(str(error))
    return match.group(1).strip() if match else type(error).__name__
