"""Bar charts drawn on the server as SVG: no JavaScript library, nothing inline
for the Content-Security-Policy to forbid, readable on a phone."""

from dataclasses import dataclass

from marketplace.reports.figures import Table

ROW_HEIGHT = 26
LABEL_WIDTH = 230
BAR_WIDTH = 300
LABEL_CHARS = 34


@dataclass
class Bar:
    label: str
    short_label: str
    value: int
    width: float
    y: int


def bar_chart(table: Table) -> dict | None:
    """Geometry of ``table``'s bar chart (its ``chart_column``), or None when
    there is nothing to draw."""
    if table.chart_column is None or not table.rows:
        return None
    values = [(label, values[table.chart_column]) for label, values in table.rows]
    largest = max(value for _label, value in values)
    if not largest:
        return None  # nothing to compare
    bars = [
        Bar(
            label=label,
            short_label=label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…",
            value=value,
            width=round(BAR_WIDTH * value / largest, 1),
            y=index * ROW_HEIGHT,
        )
        for index, (label, value) in enumerate(values)
    ]
    return {
        "bars": bars,
        "height": len(bars) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH + 8,
        "width": LABEL_WIDTH + 8 + BAR_WIDTH + 110,
        "money": table.chart_column in table.money_columns,
        "column": table.columns[table.chart_column + 1],
    }
