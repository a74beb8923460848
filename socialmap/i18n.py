"""One place for translation helpers and the locale choice.

Order: explicit choice (``?lang=`` then the ``lang`` cookie) → Accept-Language → Dutch.
"""

from __future__ import annotations

import os

from flask import has_request_context, request
from flask_babel import force_locale, get_locale, gettext, lazy_gettext, ngettext

_ = gettext
_l = lazy_gettext

LANGUAGES = ("nl", "fy", "en")
DEFAULT_LANGUAGE = "nl"
LANGUAGE_COOKIE = "lang"

__all__ = ["_", "_l", "ngettext", "force_locale", "LANGUAGES", "select_locale", "current_language"]


def select_locale() -> str:
    if not has_request_context():
        return cli_language()
    chosen = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def cli_language() -> str:
    """The command line speaks the language of SOCIALMAP_LANG or LANG when we have it."""
    for name in ("SOCIALMAP_LANG", "LANGUAGE", "LANG"):
        code = (os.environ.get(name) or "")[:2].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else DEFAULT_LANGUAGE


def pick_text(texts: dict[str, str | None], language: str) -> tuple[str, str]:
    """Text in ``language`` when the organisation wrote it, else Dutch; says which was used."""
    value = texts.get(language)
    if value:
        return value, language
    return texts.get(DEFAULT_LANGUAGE) or "", DEFAULT_LANGUAGE
