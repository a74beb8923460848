"""Bar charts as inline SVG, drawn on the server: readable without JavaScript, and printable."""

from __future__ import annotations

import math
import textwrap

from markupsafe import Markup, escape

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 26, 8, 230, 640
LABEL_CHARACTERS = 30  # per line at 12px in LABEL_WIDTH; a longer label wraps onto a second line
COUNT_ROOM = 60  # right of the longest bar, for its number ("≥ 5")


def _label_lines(label: str) -> list[str]:
    """At most two lines that fit beside the bars; only a label longer than that ends in "…"."""
    lines = textwrap.wrap(label, LABEL_CHARACTERS) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: LABEL_CHARACTERS - 1] + "…"]
    return lines


def bar_chart(title: str, rows: list[tuple[str, int | str]]) -> Markup:
    """Horizontal bars with their numbers written out; the title is the accessible name. Labels wrap
    instead of being cut, and the longest bar leaves room for its number inside the drawing.

    A suppressed count ("< 5", "≥ 5") gets no bar, only its text, and the scale comes from the
    published numbers alone: a bar's length, or the length of the others, would give it back."""
    if not rows:
        return Markup("")
    top = max((count for _label, count in rows if isinstance(count, int)), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    bars = []
    for i, (label, count) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        bar, width = "", 0
        if isinstance(count, int) and count > 0:
            width = max(1, round((WIDTH - LABEL_WIDTH - COUNT_ROOM) * count / top))
            bar = f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="#00557a"/>'
        lines = _label_lines(str(label))
        first_y = y + (BAR_HEIGHT / 2 + 4 if len(lines) == 1 else 11)
        spans = "".join(f'<tspan x="{LABEL_WIDTH - 8}" y="{first_y + n * 13:.0f}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))  # fmt: skip
        bars.append(
            f'<text text-anchor="end"><title>{escape(label)}</title>{spans}</text>'
            f'{bar}<text x="{LABEL_WIDTH + width + 6}" y="{y + BAR_HEIGHT / 2 + 4:.0f}">{escape(count)}</text>'
        )
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px" font-family="sans-serif" font-size="12" fill="#1b1b1b">'
        f"<title>{escape(title)}</title>{''.join(bars)}</svg>"
    )


MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 640, 480, 70


def coverage_map(title: str, points: list[tuple[float, float, str, bool]]) -> Markup:
    """Villages as dots at their place on the map (latitude, longitude, label, has an alternative): red
    where there is none, labelled; blue where there is. Drawn on the server: no tiles, no script, prints."""
    if not points:
        return Markup("")
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))  # a degree of longitude is shorter up north
    span = max((max(lons) - min(lons)) * squeeze, max(lats) - min(lats), 0.01)
    scale = min(MAP_WIDTH, MAP_HEIGHT) - 2 * MAP_MARGIN
    dots, labels = [], []
    for lat, lon, label, covered in sorted(points, key=lambda p: not p[3]):  # red ones drawn last, on top
        x = MAP_MARGIN + (lon - min(lons)) * squeeze / span * scale
        y = MAP_HEIGHT - MAP_MARGIN - (lat - min(lats)) / span * scale
        colour = "#00557a" if covered else "#b00020"
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{5 if covered else 7}" fill="{colour}">'
                    f"<title>{escape(label)}</title></circle>")
        if not covered:  # only the gaps are named: sixty names would cover each other
            anchor = "end" if x > MAP_WIDTH / 2 else "start"
            dx = -10 if anchor == "end" else 10
            labels.append(f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" fill="#b00020">'
                          f"{escape(label)}</text>")
    return Markup(
        f'<svg class="chart coverage-map" role="img" aria-label="{escape(title)}" viewBox="0 0 {MAP_WIDTH} '
        f'{MAP_HEIGHT}" width="100%" style="max-width:{MAP_WIDTH}px" font-family="sans-serif" font-size="12">'
        f'<title>{escape(title)}</title><rect width="100%" height="100%" fill="#f4f7f9"/>'
        f"{''.join(dots)}{''.join(labels)}</svg>"
    )
