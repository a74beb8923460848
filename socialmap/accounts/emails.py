"""One function per e-mail (texts in the recipient's language are gettext; we use the sender's locale)."""

from __future__ import annotations

from socialmap.i18n import _
from socialmap.mail import external_url, send_mail


def send_password_reset(user) -> None:
    from socialmap.accounts.services import password_reset_token

    link = external_url("accounts.reset", token=password_reset_token(user))
    send_mail(user.email, _("Set a new password for Sociale Kaart"),
              _("Someone asked to set a new password for your account. If that was you, open this link within "
                "two hours:\n\n%(link)s\n\nIf it was not you, you can ignore this e-mail.", link=link))  # fmt: skip


def send_sign_up_welcome(email: str, organization_name: str) -> None:
    link = external_url("accounts.login")
    send_mail(email, _("%(organization)s is signed up on Sociale Kaart", organization=organization_name),
              _("Thank you for signing up %(organization)s. The municipality checks new organisations first; until "
                "then nothing you enter is public.\n\nSign in to add your help:\n\n%(link)s",
                organization=organization_name, link=link))  # fmt: skip


def send_sign_up_attempt(email: str, organization_name: str) -> None:
    """To the owner of an address someone tried to sign up with: the form itself does not say."""
    link = external_url("accounts.login")
    send_mail(email, _("Someone tried to sign up with your e-mail address"),
              _("Someone tried to sign up %(organization)s on Sociale Kaart with this e-mail address. There is "
                "already an account for it, so nothing was created.\n\nIf that was you, sign in with your "
                "account; if you forgot the password, you can ask for a new one there:\n\n%(link)s\n\nIf it was "
                "not you, you can ignore this e-mail.", organization=organization_name, link=link))  # fmt: skip


def send_invitation(email: str, organization_name: str, token: str) -> None:
    link = external_url("catalogue.accept", token=token)
    subject = _("Invitation to keep %(organization)s up to date on Sociale Kaart", organization=organization_name)
    send_mail(email, subject,
              _("You are invited to keep the information of %(organization)s on Sociale Kaart up to date. "
                "Open this link to choose a password:\n\n%(link)s",
                organization=organization_name, link=link))  # fmt: skip


def send_freshness_reminder(email: str, services: list, links: dict) -> None:
    lines = "\n".join(f"- {s.name_nl}: {links[s.id]}" for s in services)
    send_mail(email, _("Is your information on Sociale Kaart still right?"),
              _("Residents and social workers rely on your information. Please check these entries. If an entry is "
                "still right, open its link and confirm with the button there; to change it, sign in.\n\n%(lines)s",
                lines=lines))  # fmt: skip
