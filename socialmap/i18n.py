"""One place for translation helpers and the locale choice.

Order: explicit choice (``?lang=`` then the ``lang`` cookie) → Accept-Language → Dutch.
"""

from __future__ import annotations

import datetime as dt
import os

import flask_babel
from babel.dates import get_month_names
from flask import has_request_context, request
from flask_babel import force_locale, get_locale, gettext, lazy_gettext, ngettext

_ = gettext
_l = lazy_gettext

LANGUAGES = ("nl", "fy", "en")
DEFAULT_LANGUAGE = "nl"
LANGUAGE_COOKIE = "lang"

__all__ = ["_", "_l", "ngettext", "force_locale", "LANGUAGES", "select_locale", "current_language", "format_date",
           "format_datetime"]  # fmt: skip
# Languages whose spelling writes month names in lower case where Babel's data capitalises them
# (CLDR `fy` gives "29 Novimber 2026"; Frisian spelling has "29 novimber 2026").
_LOWERCASE_MONTHS = {"fy"}


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


def format_date(value: dt.date | dt.datetime | None, form: str = "long") -> str:
    """A date in the page's (or e-mail's) language: the one function every template and e-mail uses.

    ``long`` ("29 novimber 2026") is for residents, ``medium`` ("29 nov 2026") for staff lists.
    Registered as the ``dateformat`` filter, replacing Flask-Babel's, so no template can miss it.
    """
    if value is None:
        return ""
    return _month_case(flask_babel.format_date(value, form), value.month)


def format_datetime(value: dt.datetime | None, form: str = "medium") -> str:
    """A moment in the page's language and time zone (the ``datetimeformat`` filter)."""
    if value is None:
        return ""
    text = flask_babel.format_datetime(value, form)
    # The shown month is that of the local time, which can differ from UTC's on the 1st.
    local_month = flask_babel.to_user_timezone(value).month
    return _month_case(text, local_month)


def _month_case(text: str, month: int) -> str:
    language = current_language()
    if language not in _LOWERCASE_MONTHS:
        return text
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            name = get_month_names(width, context, locale=language)[month]
            text = text.replace(name, name.lower())
    return text
