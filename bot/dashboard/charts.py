"""The funnel as server-side SVG (pygal), inlined in the page. The numbers are in a table under each chart too.

pygal adds a tooltip script to every chart; it is removed here (the dashboard runs no JavaScript, and its
Content-Security-Policy forbids any), and the chart is labelled for assistive technology instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pygal
from markupsafe import Markup
from pygal.style import Style

from bot.leads import FunnelRow

SERIES = (
    ("Gesprekken gestart", "gesprekken"),
    ("Berekeningen getoond", "berekeningen"),
    ("Adviseur gevraagd", "adviseur_gevraagd"),
    ("Leads", "leads"),
)
# The stylesheet's palette (beheer.css), with contrast enough against white for thin lines and small bars.
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#cbd2d9",
    colors=("#1f5fa8", "#2f855a", "#b7791f", "#c53030", "#553c9a"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=15,
    major_label_font_size=15,
    legend_font_size=16,
    title_font_size=18,
    value_font_size=14,
    tooltip_font_size=14,
)


def _accessible(label: str) -> Any:
    def xml_filter(root: Any) -> Any:
        for parent in list(root.iter()):
            for child in list(parent):
                if str(child.tag).rsplit("}", 1)[-1] == "script":
                    parent.remove(child)
        root.set("role", "img")
        root.set("aria-label", label)
        root.set("focusable", "false")
        return root

    return xml_filter


def _config() -> dict[str, Any]:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 2,
        "truncate_legend": -1,
        "truncate_label": 28,
        "print_zeroes": False,
        "min_scale": 1,
        "no_data_text": "Nog geen gegevens",
    }


def _values(rows: Sequence[FunnelRow], field: str) -> list[int]:
    return [int(getattr(row, field)) for row in rows]


def week_chart(rows: Sequence[FunnelRow], labels: Sequence[str], label: str) -> Markup:
    """Lines per week for the four steps, and the conversion on its own axis on the right."""
    chart = pygal.Line(width=720, height=440, dots_size=4, secondary_range=(0, 100), **_config())
    chart.add_xml_filter(_accessible(label))
    chart.x_labels = list(labels)
    for name, field in SERIES:
        chart.add(name, _values(rows, field))
    chart.add(
        "Conversie (%, rechteras)",
        [None if row.conversie is None else round(row.conversie * 100, 1) for row in rows],
        secondary=True,
        stroke_style={"dasharray": "6, 4"},
    )
    return Markup(chart.render(is_unicode=True))  # noqa: S704 (pygal escapes every label it writes)


def group_chart(rows: Sequence[FunnelRow], labels: Sequence[str], label: str) -> Markup:
    """Horizontal bars per topic or campaign; each label carries its conversion."""
    height = 180 + 90 * max(len(rows), 1)
    chart = pygal.HorizontalBar(width=720, height=height, **_config())
    chart.add_xml_filter(_accessible(label))
    chart.x_labels = list(labels)
    for name, field in SERIES:
        chart.add(name, _values(rows, field))
    return Markup(chart.render(is_unicode=True))  # noqa: S704 (pygal escapes every label it writes)
