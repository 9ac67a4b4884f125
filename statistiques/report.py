"""The figures of a period, as the admin page shows them (a handful of grouped queries).

Queries are grouped by their folded text (case, accents and spaces ignored); each group shows the
last spelling seen. A search "without result" found no notice; a query "never opened" found
notices but none was opened from its results during the period. Searches with filters only (no
text) count in the weekly figures and the facets, not in the query lists.
"""
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Max, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from base_documentaire.models import Notice
from infodoc.stats import percent

from .models import Consultation, Recherche

LIST_SIZE = 50
DEFAULT_DAYS = 91  # thirteen weeks


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def default(cls, today=None):
        today = today or timezone.localdate()
        return cls(today - timedelta(days=DEFAULT_DAYS - 1), today)


@dataclass
class QueryRow:
    folded: str
    text: str
    searches: int
    without_result: int
    opened: int = 0


@dataclass(frozen=True)
class Week:
    start: date
    searches: int
    without_result: int

    @property
    def label(self):
        return self.start.strftime("%d/%m/%Y")

    @property
    def percent(self):  # share of searches without result, as infodoc.stats computes shares
        return percent(self.without_result, self.searches)


@dataclass
class Report:
    period: Period
    searches: int = 0
    without_result: int = 0
    top: list = field(default_factory=list)
    zero: list = field(default_factory=list)
    never_opened: list = field(default_factory=list)
    facets: list = field(default_factory=list)  # (facet, value, searches)
    weeks: list = field(default_factory=list)

    @property
    def zero_percent(self):
        return percent(self.without_result, self.searches)


def in_period(period):
    return Recherche.objects.filter(jour__gte=period.start, jour__lte=period.end)


def build(period):
    rows = in_period(period)
    totals = rows.aggregate(searches=Sum("recherches"), without_result=Sum("sans_resultat"))
    report = Report(period, totals["searches"] or 0, totals["without_result"] or 0)
    queries = _queries(rows)
    report.top = sorted(queries, key=lambda row: (-row.searches, row.folded))[:LIST_SIZE]
    report.zero = sorted((row for row in queries if row.without_result),
                         key=lambda row: (-row.without_result, row.folded))[:LIST_SIZE]
    report.never_opened = sorted((row for row in queries if row.searches > row.without_result and not row.opened),
                                 key=lambda row: (-row.searches, row.folded))[:LIST_SIZE]
    report.facets = _facets(rows)
    report.weeks = _weeks(rows)
    return report


def _queries(rows):
    grouped = (rows.exclude(texte_plie="").values("texte_plie")
               .annotate(text=Max("texte"), searches=Sum("recherches"), without_result=Sum("sans_resultat")))
    opened = dict(Consultation.objects.filter(recherche__in=rows).values("recherche__texte_plie")
                  .annotate(total=Sum("ouvertures")).values_list("recherche__texte_plie", "total"))
    return [QueryRow(row["texte_plie"], row["text"], row["searches"], row["without_result"],
                     opened.get(row["texte_plie"], 0)) for row in grouped]


def _facets(rows):
    counted = Counter()
    for filters, searches in rows.exclude(filtres__in=("", "{}")).values_list("filtres", "recherches"):
        for facet, values in json.loads(filters).items():
            for value in values:
                counted[(facet, value)] += searches
    return [(facet, value, count) for (facet, value), count in
            sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:LIST_SIZE]]


def _weeks(rows):
    grouped = (rows.annotate(week=TruncWeek("jour")).values("week")
               .annotate(searches=Sum("recherches"), without_result=Sum("sans_resultat")).order_by("week"))
    return [Week(_as_date(row["week"]), row["searches"], row["without_result"]) for row in grouped]


def _as_date(value):
    return value.date() if hasattr(value, "date") else value


@dataclass
class QueryDetail:
    folded: str
    text: str
    searches: int
    without_result: int
    spellings: list  # the day's last spellings seen, most searched first
    opened: list  # (notice or None, title, openings)


def query_detail(period, folded):
    """One folded query in the period: its figures and the notices opened from its results."""
    rows = in_period(period).filter(texte_plie=folded)
    totals = rows.aggregate(searches=Sum("recherches"), without_result=Sum("sans_resultat"))
    spellings = [text for text, _n in rows.values("texte").annotate(n=Sum("recherches"))
                 .order_by("-n", "texte").values_list("texte", "n")]
    opened = list(Consultation.objects.filter(recherche__in=rows).values("notice")
                  .annotate(total=Sum("ouvertures")).order_by("-total", "notice").values_list("notice", "total"))
    notices = Notice.objects.in_bulk([pk for pk, _total in opened])
    return QueryDetail(folded, spellings[0] if spellings else folded, totals["searches"] or 0,
                       totals["without_result"] or 0, spellings,
                       [(notices.get(pk), total) for pk, total in opened])

