"""E-mails of the catalogue's editing loop: one function per e-mail, in the recipient's language."""

from __future__ import annotations

from socialmap.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, force_locale
from socialmap.mail import external_url, send_mail


def _recipient(change) -> str | None:
    user = change.user
    if user is not None and getattr(user, "is_enabled", True):
        return user.email
    return change.organization.email


def _service_name(change) -> str:
    if change.service is not None:
        return change.service.name_nl
    return (change.state or {}).get("name") or change.organization.name


def send_change_decided(change) -> None:
    """Tell the organisation editor who proposed a change that the municipality approved or rejected it,
    with the municipality's message, in the language they used when they saved it."""
    to = _recipient(change)
    if not to:
        return
    language = change.language if change.language in LANGUAGES else DEFAULT_LANGUAGE
    with force_locale(language):
        link = external_url("catalogue.dashboard", lang=language)
        name = _service_name(change)
        if change.status == "approved":
            subject = _("Your change to %(service)s is published", service=name)
            body = _("The municipality approved your change to “%(service)s”. Residents see it now.",
                     service=name)  # fmt: skip
        else:
            subject = _("Your change to %(service)s was not published", service=name)
            body = _("The municipality did not publish your change to “%(service)s”.", service=name)
        if change.message:
            body += "\n\n" + _("Message from the municipality:") + "\n" + change.message
        body += "\n\n" + _("Your dashboard shows every decision:") + "\n" + link
        send_mail(to, subject, body)
