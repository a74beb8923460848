"""Bar charts as inline SVG, drawn on the server: readable without JavaScript, and printable."""

from __future__ import annotations

from markupsafe import Markup, escape

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 22, 6, 180, 640


def bar_chart(title: str, rows: list[tuple[str, int]]) -> Markup:
    """Horizontal bars with their numbers written out; the title is the accessible name."""
    if not rows:
        return Markup("")
    top = max(count for _label, count in rows) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    bars = []
    for i, (label, count) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = max(1, round((WIDTH - LABEL_WIDTH - 60) * count / top))
        bars.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{escape(label[:28])}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="#00557a"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 16}">{count}</text>'
        )
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px" font-family="sans-serif" font-size="13" fill="#1b1b1b">'
        f"<title>{escape(title)}</title>{''.join(bars)}</svg>"
    )
