"""Descriptions accept a small Markdown subset; the HTML is sanitised with nh3 (Ammonia)."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# Commonmark without raw HTML, and without headings or images: a description is a few paragraphs.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(["heading", "lheading", "image"])
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def render_markdown(text: str | None) -> Markup:
    html = _markdown.render(text or "")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener nofollow")  # fmt: skip
    return Markup(clean)  # noqa: S704 — sanitised above


@lru_cache(maxsize=4096)  # a results page has 20 cards, a village page up to 100; parsing is ~0.5 ms each
def markdown_to_text(text: str | None) -> str:
    """The words of a description without its mark-up, for a one-line summary on a card:
    '**vet**' → 'vet', '[de website](https://…)' → 'de website'; paragraphs and list items run on."""
    words: list[str] = []
    for token in _markdown.parse(text or ""):
        for child in token.children or []:  # only inline tokens have children: the text of a paragraph or item
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        words.append(" ")
    return " ".join("".join(words).split())
