"""One function per e-mail. The resident's e-mail address is never put in an e-mail: editors read it
on the dashboard, where it disappears once the correction is handled."""

from __future__ import annotations

from socialmap.i18n import DEFAULT_LANGUAGE, _, force_locale
from socialmap.mail import external_url, send_mail


def send_new_correction(address: str, correction) -> None:
    """Sent while a resident's request is answered: in Dutch, not in the resident's language (we do not
    know the editors' language; the daily escalation speaks the command line's, Dutch by default)."""
    with force_locale(DEFAULT_LANGUAGE):
        _send_new_correction(address, correction)


def _send_new_correction(address: str, correction) -> None:
    service = correction.service
    send_mail(address, _("A resident suggests a correction to %(service)s", service=service.name_nl),
              _("A resident wrote about “%(service)s” on Sociale Kaart:\n\n%(message)s\n\nSign in to see it on your "
                "dashboard and mark it handled when you have dealt with it:\n\n%(link)s\n\nIf it stays open for two "
                "weeks, the municipality is asked to look at it.",
                service=service.name_nl, message=correction.message,
                link=external_url("catalogue.dashboard")))  # fmt: skip


def send_escalated_corrections(address: str, corrections: list) -> None:
    lines = "\n\n".join(f"- {c.service.name_nl} ({c.service.organization.name}):\n{c.message}" for c in corrections)
    send_mail(address, _("Corrections from residents that nobody handled"),
              _("Residents suggested these corrections more than two weeks ago, and the organisation has not "
                "handled them yet. They are on your dashboard now:\n\n%(lines)s\n\n%(link)s",
                lines=lines, link=external_url("catalogue.dashboard")))  # fmt: skip
