"""The weekly charts of the statistics page: infodoc.charts' bar geometry (server-side SVG)."""
from dataclasses import dataclass, replace

from infodoc.charts import bar_chart


@dataclass(frozen=True)
class _Bar:
    label: str
    percent: object  # bar_chart sizes the bars by this value


def searches_chart(weeks):
    """One bar per week, as long as its number of searches."""
    chart = bar_chart([_Bar(week.label, week.searches) for week in weeks], max_rows=max(len(weeks), 1))
    chart["bars"] = [replace(bar, value=str(week.searches)) for bar, week in zip(chart["bars"], weeks)]
    return chart


def zero_share_chart(weeks):
    """One bar per week, as long as its share of searches without result (percent, one decimal)."""
    return bar_chart(weeks, max_rows=max(len(weeks), 1))
