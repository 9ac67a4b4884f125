"""Geometry of the dashboard's horizontal bar charts; the SVG itself is written in the template."""
from dataclasses import dataclass

LABEL_WIDTH = 260
BAR_AREA = 320
VALUE_WIDTH = 80
ROW_HEIGHT = 26
BAR_HEIGHT = 18
MAX_LABEL = 38


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    value: str
    y: int
    text_y: int
    width: int
    value_x: int


def bar_chart(parts, max_rows=12):
    """Bars for the largest `max_rows` shares, widths proportional to the largest share."""
    parts = list(parts)[:max_rows]
    largest = max((part.percent for part in parts), default=0) or 1
    bars = []
    for index, part in enumerate(parts):
        width = int(round(float(part.percent) / float(largest) * BAR_AREA))
        label = part.label if len(part.label) <= MAX_LABEL else part.label[:MAX_LABEL - 1] + "…"
        y = index * ROW_HEIGHT
        bars.append(Bar(label, part.label, f"{part.percent} %".replace(".", ","), y, y + BAR_HEIGHT - 4,
                        max(width, 1), LABEL_WIDTH + max(width, 1) + 6))
    return {"bars": bars, "width": LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, "height": max(len(bars), 1) * ROW_HEIGHT,
            "label_width": LABEL_WIDTH, "bar_height": BAR_HEIGHT, "label_x": LABEL_WIDTH - 6}
