"""Bar charts as inline SVG, drawn on the server: readable without JavaScript, and printable."""

from __future__ import annotations

from markupsafe import Markup, escape

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 22, 6, 180, 640


def bar_chart(title: str, rows: list[tuple[str, int | str]]) -> Markup:
    """Horizontal bars with their numbers written out; the title is the accessible name.

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
        if isinstance(count, int):
            width = max(1, round((WIDTH - LABEL_WIDTH - 60) * count / top))
            bar = f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="#00557a"/>'
        bars.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{escape(label[:28])}</text>'
            f'{bar}<text x="{LABEL_WIDTH + width + 6}" y="{y + 16}">{escape(count)}</text>'
        )
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px" font-family="sans-serif" font-size="13" fill="#1b1b1b">'
        f"<title>{escape(title)}</title>{''.join(bars)}</svg>"
    )
