"""The funnel as server-side SVG (pygal), inlined in the page. The numbers are in a table under each chart too.

pygal adds a tooltip script to every chart; it is removed here (the dashboard runs no JavaScript, and its
Content-Security-Policy forbids any), and the chart is labelled for assistive technology instead. The legend
is HTML under the chart (the template's `legenda`), so it wraps on a phone instead of overlapping the plot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pygal
from markupsafe import Markup
from pygal.style import Style

from bot.funnel import FunnelRow

SERIES = (
    ("Gesprekken gestart", "gesprekken"),
    ("Berekeningen getoond", "berekeningen"),
    ("Adviseur gevraagd", "adviseur_gevraagd"),
    ("Leads", "leads"),
)
# The same colours as .kleur-1 … .kleur-5 in beheer.css, each with contrast enough against white.
COLOURS = ("#1f5fa8", "#2f855a", "#b7791f", "#c53030", "#553c9a")
WIDTH = 600
_STYLE_OPTIONS: dict[str, Any] = {
    "background": "transparent",
    "plot_background": "transparent",
    "foreground": "#1f2933",
    "foreground_strong": "#1f2933",
    "foreground_subtle": "#9aa5b1",
    "font_family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    # Large in the viewBox: on a phone the chart is drawn at about 60% of its size.
    "label_font_size": 18,
    "major_label_font_size": 18,
    "title_font_size": 20,
    "value_font_size": 16,
    "tooltip_font_size": 16,
}
STYLE = Style(colors=COLOURS, **_STYLE_OPTIONS)
CONVERSION_STYLE = Style(colors=COLOURS[4:], **_STYLE_OPTIONS)


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


def _chart(kind: Any, label: str, style: Style = STYLE, **config: Any) -> Any:
    chart = kind(
        style=style,
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        show_legend=False,
        print_zeroes=False,
        no_data_text="Nog geen gegevens",
        width=WIDTH,
        **config,
    )
    chart.add_xml_filter(_accessible(label))
    return chart


def _values(rows: Sequence[FunnelRow], field: str) -> list[int]:
    return [int(getattr(row, field)) for row in rows]


def _render(chart: Any) -> Markup:
    return Markup(chart.render(is_unicode=True))  # noqa: S704 (pygal escapes every text it writes)


def week_chart(rows: Sequence[FunnelRow], weeks: Sequence[str], label: str) -> Markup:
    """Lines per week for the four steps; `weeks` are the week numbers."""
    chart = _chart(pygal.Line, label, height=380, dots_size=4, x_title="Week", min_scale=2, max_scale=6)
    chart.x_labels = list(weeks)
    for name, field in SERIES:
        chart.add(name, _values(rows, field))
    return _render(chart)


def conversion_chart(rows: Sequence[FunnelRow], weeks: Sequence[str], label: str) -> Markup:
    """The conversion per week in percent (no point where no conversation started)."""
    chart = _chart(
        pygal.Line,
        label,
        CONVERSION_STYLE,
        height=300,
        dots_size=4,
        x_title="Week",
        range=(0, 100),
        y_labels=[0, 25, 50, 75, 100],
        value_formatter=lambda value: f"{value:.0f}%",
    )
    chart.x_labels = list(weeks)
    chart.add(
        "Conversie",
        [None if row.conversie is None else round(row.conversie * 100, 1) for row in rows],
        stroke_style={"width": 3},
    )
    return _render(chart)


def group_chart(rows: Sequence[FunnelRow], labels: Sequence[str], label: str) -> Markup:
    """Horizontal bars per topic or campaign; `labels` are short (the table under the chart has the full names)."""
    chart = _chart(pygal.HorizontalBar, label, height=120 + 110 * max(len(rows), 1), min_scale=2, max_scale=6)
    # pygal draws the first label at the bottom: reversed, the chart reads top-down like the table under it.
    chart.x_labels = list(reversed(labels))
    for name, field in SERIES:
        chart.add(name, list(reversed(_values(rows, field))))
    return _render(chart)


def short_label(text: str, limit: int = 22) -> str:
    """'WBSO (speur- en ontwikkelingswerk)' → 'WBSO'; 'Box 3: sparen en beleggen' → 'Box 3'; long names cut."""
    for separator in (" (", ":"):
        text = text.split(separator, 1)[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"
