"""Poll the resume mailbox (``MAILBOX_IMAP_*`` settings) and hand every message's attachments to the one intake
path (``recruiting.intake.jobs.queue_intake``): same limits, hostile-file handling, dedupe and parsing as HR
uploads. The subject is matched to an open position's code (``应聘 SM-01``); without one the resumes go to the
talent pool. Applications created get ``Application.Source.EMAIL``. No consent is recorded: the sender has not
seen our notice (it is asked for when HR first contacts them).

Processed messages get the IMAP keyword ``$HrportalIntake`` and are never fetched again (the search asks for
messages without it). A message is marked after its attachments are stored and queued; if the poller dies in
between, the next poll takes it again and the intake recognises the same files (SHA-256) — nothing is taken in
twice. A mailbox that cannot be reached is logged and left to the next sweep round (``poll_mailbox`` never
raises for it).
"""

from __future__ import annotations

import email
import imaplib
import logging
import re
from dataclasses import dataclass
from email import policy

from django.conf import settings

from recruiting.intake import jobs as intake_jobs
from recruiting.models import Application, Candidate, IntakeBatch, Position

logger = logging.getLogger(__name__)

MARK = "$HrportalIntake"
MAX_MESSAGES_PER_POLL = 50
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    user: str
    password: str
    ssl: bool = True
    folder: str = "INBOX"


def configured() -> MailboxConfig | None:
    if not settings.MAILBOX_IMAP_HOST:
        return None
    return MailboxConfig(
        host=settings.MAILBOX_IMAP_HOST, port=int(settings.MAILBOX_IMAP_PORT), user=settings.MAILBOX_IMAP_USER,
        password=settings.MAILBOX_IMAP_PASSWORD, ssl=bool(settings.MAILBOX_IMAP_SSL),
        folder=settings.MAILBOX_IMAP_FOLDER or "INBOX",
    )


def _connect(config: MailboxConfig) -> imaplib.IMAP4:
    cls = imaplib.IMAP4_SSL if config.ssl else imaplib.IMAP4
    client = cls(config.host, config.port, timeout=TIMEOUT_SECONDS)
    client.login(config.user, config.password)
    return client


def position_for(subject: str) -> Position | None:
    """The open position whose code appears in the subject as a word (case-insensitive), longest code first."""
    text = subject or ""
    for position in sorted(Position.objects.filter(status=Position.Status.OPEN), key=lambda p: -len(p.code)):
        if re.search(rf"(?<![0-9A-Za-z]){re.escape(position.code)}(?![0-9A-Za-z])", text, re.IGNORECASE):
            return position
    return None


def attachments(message) -> list[tuple[str, bytes]]:
    """(filename, bytes) of every attachment with a name; a part whose transfer encoding is broken gives the
    bytes Python could recover (the intake then reports the file by name)."""
    files = []
    for part in message.iter_attachments():
        name = part.get_filename()
        if not name:
            continue
        try:
            data = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001 — a malformed part is reported by the intake as an unreadable file
            data = b""
        files.append((str(name)[:200], data))
    return files


def take_message(raw: bytes) -> IntakeBatch | None:
    """One message → one intake batch (None when it carries no attachment)."""
    message = email.message_from_bytes(raw, policy=policy.default)
    subject = str(message.get("subject", "") or "")
    files = attachments(message)
    if not files:
        logger.info("mailbox: message %r has no attachment; marked and skipped", message.get("message-id"))
        return None
    return intake_jobs.queue_intake(
        files=files, position=position_for(subject), by=None, source=IntakeBatch.Source.EMAIL,
        consented=False, candidate_source=Candidate.Source.OTHER, application_source=Application.Source.EMAIL,
    )


def poll_mailbox(*, config: MailboxConfig | None = None, limit: int = MAX_MESSAGES_PER_POLL) -> dict:
    """Take in the unmarked messages of the mailbox (at most ``limit``); returns counts or the error."""
    config = config or configured()
    if config is None:
        return {"configured": False}
    try:
        client = _connect(config)
    except (TimeoutError, OSError, imaplib.IMAP4.error) as exc:
        logger.warning("mailbox %s:%s unreachable (%r); the next sweep tries again", config.host, config.port, exc)
        return {"error": repr(exc)}
    done = skipped = 0
    try:
        status, _ = client.select(config.folder)
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot select {config.folder}")
        _status, found = client.uid("SEARCH", None, "UNKEYWORD", MARK)
        for uid in (found[0] or b"").split()[:limit]:
            _status, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts or [] if isinstance(p, tuple)), None)
            if raw is None:
                continue
            if take_message(raw) is None:
                skipped += 1
            else:
                done += 1
            client.uid("STORE", uid, "+FLAGS", f"({MARK})")
    except (TimeoutError, OSError, imaplib.IMAP4.error) as exc:
        logger.warning("mailbox %s:%s failed mid-poll (%r); the next sweep goes on", config.host, config.port, exc)
        return {"error": repr(exc), "messages": done, "skipped": skipped}
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            pass
    return {"messages": done, "skipped": skipped}


def poll_configured_mailbox() -> dict:
    """The sweep (``manage.py run_sweeper``): polls when ``MAILBOX_IMAP_HOST`` is set, else does nothing."""
    return poll_mailbox() if configured() is not None else {"configured": False}
