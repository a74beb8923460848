"""Sending e-mail: SMTP when configured, else written to the instance outbox folder (development).

One function per e-mail lives with its feature; they all call send_mail().
"""

from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, has_request_context, url_for


def send_mail(to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    host = current_app.config.get("SMTP_HOST")
    if not host:
        outbox = Path(current_app.config["MAIL_OUTBOX"])
        outbox.mkdir(parents=True, exist_ok=True)
        (outbox / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
        return
    with smtplib.SMTP(host, current_app.config["SMTP_PORT"], timeout=30) as smtp:
        if current_app.config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if current_app.config.get("SMTP_USER"):
            smtp.login(current_app.config["SMTP_USER"], current_app.config["SMTP_PASSWORD"])
        smtp.send_message(message)


def outbox_messages(folder: str | Path) -> list[EmailMessage]:
    """The mails written to the outbox, oldest first (tests and development)."""
    from email import policy
    from email.parser import BytesParser

    paths = sorted(Path(folder).glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in paths]


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail, also from the command line (SOCIALMAP_PUBLIC_URL)."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for(endpoint, _external=True, **values)
