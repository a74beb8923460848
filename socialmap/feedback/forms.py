"""The correction form's spam protection, which needs no JavaScript and no cookie.

A bot that posts straight to the address has no form token; one that fetches the page and posts at
once is too fast; one that fills every field fills the honeypot, which people do not see. Add the
rate limit per address on the view, and a person who reads the page and types is never stopped.
The service page sets no cookie, so there is no CSRF token: the signed token takes its place (it
binds the post to this service and to a page this site served).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from socialmap import clock
from socialmap.feedback.models import EMAIL_MAX, MESSAGE_MAX
from socialmap.i18n import _

HONEYPOT = "website"  # a name bots like to fill; people never see the field
MIN_SECONDS = 3  # nobody reads the question and types an answer faster
MAX_SECONDS = 24 * 3600  # a page left open a day is sent again with a fresh token
_SALT = "correction-form"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def form_token(service_id: int) -> str:
    """Signed: this service, and when the page was served (by the clock, so tests can move it)."""
    return _serializer().dumps({"s": service_id, "t": int(clock.utcnow().timestamp())})


@dataclass
class CorrectionForm:
    message: str = ""
    email: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    is_spam: bool = False  # answered as if it worked, and nothing is kept

    @property
    def is_valid(self) -> bool:
        return not self.errors and not self.is_spam


def read_form(form, service_id: int) -> CorrectionForm:
    """Check a posted correction: its token, the honeypot, the message and the optional e-mail."""
    result = CorrectionForm(message=(form.get("message") or "").strip(), email=(form.get("email") or "").strip())
    if form.get(HONEYPOT):
        result.is_spam = True
        return result
    try:
        payload = _serializer().loads(form.get("token") or "")
    except BadSignature:
        payload = None
    if not isinstance(payload, dict) or payload.get("s") != service_id or not isinstance(payload.get("t"), int):
        result.errors["form"] = _("Something went wrong with the form. Please send it again.")
        return result
    age = clock.utcnow().timestamp() - payload["t"]
    if age < MIN_SECONDS:
        result.errors["form"] = _("That was very quick. Please check your message and send it again.")
    elif age > MAX_SECONDS:
        result.errors["form"] = _("The form was open for a long time. Please send it again.")
    if not result.message:
        result.errors["message"] = _("Please write what is not right.")
    elif len(result.message) > MESSAGE_MAX:
        result.errors["message"] = _("Please keep it shorter: at most %(n)s characters.", n=MESSAGE_MAX)
    if result.email and (len(result.email) > EMAIL_MAX or "@" not in result.email.strip("@")
                         or any(c.isspace() for c in result.email)):  # fmt: skip
        result.errors["email"] = _("This is not an e-mail address. You can also leave it empty.")
    return result
