"""Yearly figures of the info-doc service, as the activity report gives them.

Rules (also shown on the dashboard):
- a request belongs to the year it was received in;
- shares are percentages of the year's requests, rounded to one decimal, half up (18.75 → 18.8);
- a request with several themes counts once in each of its themes, so theme shares may add up to
  more than 100 %; themes are counted as recorded (a narrower theme is not added to its broader one);
- territories are grouped up to the EPCI containing them, or the département when no EPCI does;
  a région stays a région; requests without territory are counted as "not specified";
- "outside the centre's territory": the request's territory is neither one of the centre's
  territories (InfoDocSettings) nor inside one of them; requests without territory are not outside;
- time to answer: calendar days between reception and the first answer, median of the answered
  requests of the year.
"""
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from base_documentaire.models import Territoire
from base_documentaire.vocabulary import Hierarchy
from ressources.vocabulary import territory_ids_with_ancestors, territory_ids_with_descendants

from .models import DemandeInfoDoc, TypeStructure

ONE_DECIMAL = Decimal("0.1")
GROUP_LEVELS = (Territoire.Niveau.EPCI, Territoire.Niveau.DEPARTEMENT)


def rounded(value):
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(count, total):
    """`count` as a percentage of `total`, one decimal, half up (exact: computed in decimals)."""
    if not total:
        return Decimal("0.0")
    return rounded(Decimal(count) * 100 / Decimal(total))


@dataclass(frozen=True)
class Part:
    label: str
    count: int
    percent: Decimal


@dataclass
class Rapport:
    year: int
    total: int
    previous_total: int
    themes: list = field(default_factory=list)
    types: list = field(default_factory=list)
    territoires: list = field(default_factory=list)
    hors_territoire: Part | None = None
    answered: int = 0
    median_days: Decimal | None = None

    @property
    def difference(self):
        return self.total - self.previous_total

    @property
    def evolution(self):
        """Change from the previous year in percent, or None without requests that year."""
        return percent(self.difference, self.previous_total) if self.previous_total else None


def rapport_annuel(year, centre_territory_ids=()):
    requests = DemandeInfoDoc.objects.filter(annee=year)
    total = requests.count()
    return Rapport(
        year=year,
        total=total,
        previous_total=DemandeInfoDoc.objects.filter(annee=year - 1).count(),
        themes=theme_shares(year, total),
        types=type_shares(requests, total),
        territoires=territory_shares(requests, total),
        hors_territoire=outside_share(requests, total, centre_territory_ids),
        **answer_delays(requests),
    )


def _sorted(parts):
    return sorted(parts, key=lambda part: (-part.count, part.label))


def theme_shares(year, total):
    links = (DemandeInfoDoc.themes.through.objects.filter(demandeinfodoc__annee=year)
             .order_by().values("theme__nom").annotate(n=Count("demandeinfodoc", distinct=True)))
    return _sorted(Part(row["theme__nom"], row["n"], percent(row["n"], total)) for row in links)


def type_shares(requests, total):
    counts = dict(requests.order_by().values("type_structure").annotate(n=Count("pk"))
                  .values_list("type_structure", "n"))
    return _sorted(Part(str(TypeStructure(value).label), counts[value], percent(counts[value], total))
                   for value in TypeStructure.values if counts.get(value))


def territory_shares(requests, total):
    counts = dict(requests.order_by().values("territoire").annotate(n=Count("pk")).values_list("territoire", "n"))
    groups = territory_groups([pk for pk in counts if pk is not None])
    grouped = {}
    for pk, count in counts.items():
        label = groups[pk] if pk is not None else _("Not specified")
        grouped[label] = grouped.get(label, 0) + count
    return _sorted(Part(label, count, percent(count, total)) for label, count in grouped.items())


def territory_groups(territory_ids):
    """Label of the group of each territory: its nearest EPCI, else its nearest département, else itself."""
    related = territory_ids_with_ancestors(territory_ids)
    info = {pk: (niveau, label) for pk, niveau, label in
            Territoire.objects.filter(pk__in=related).values_list("pk", "niveau", "libelle")}
    hierarchy = Hierarchy(Territoire.parents.through.objects.filter(from_territoire__in=related).values_list(
        "from_territoire", "to_territoire"))
    return {pk: _group_label(pk, info, hierarchy) for pk in territory_ids}


def _group_label(pk, info, hierarchy):
    """The nearest territory of the first level found going up, level by level (breadth first)."""
    for level in GROUP_LEVELS:
        frontier, seen = [pk], {pk}
        while frontier:
            found = sorted(info[item][1] for item in frontier if info[item][0] == level)
            if found:
                return found[0]
            frontier = [up for item in frontier for up in hierarchy.parents(item) if up not in seen]
            seen.update(frontier)
    return info[pk][1]


def outside_share(requests, total, centre_territory_ids):
    """Requests from outside the centre's territory, or None when the centre's territory is not set."""
    if not centre_territory_ids:
        return None
    inside = territory_ids_with_descendants(centre_territory_ids)
    count = requests.filter(territoire__isnull=False).exclude(territoire__in=inside).count()
    return Part(_("Outside the centre's territory"), count, percent(count, total))


def answer_delays(requests):
    pairs = requests.filter(repondue_le__isnull=False).values_list("recue_le", "repondue_le")
    days = [(timezone.localdate(answered) - timezone.localdate(received)).days for received, answered in pairs]
    return {"answered": len(days), "median_days": rounded(statistics.median(days)) if days else None}


def available_years():
    years = set(DemandeInfoDoc.objects.values_list("annee", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)
