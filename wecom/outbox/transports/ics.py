"""iCalendar (RFC 5545) invitations for e-mail: one VEVENT, times in UTC (``DTSTART:20260102T060000Z``), so
every calendar shows the interview at the right local time whatever its zone. Pure Python, no Django."""

from __future__ import annotations

from datetime import UTC, datetime


def _utc(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF + space, never inside a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def calendar_invite(
    *,
    uid: str,
    start: datetime,
    end: datetime,
    summary: str,
    location: str = "",
    description: str = "",
    url: str = "",
    organizer_email: str = "",
    organizer_name: str = "",
    attendee_email: str = "",
    sequence: int = 0,
    method: str = "REQUEST",
    stamp: datetime | None = None,
) -> str:
    """The .ics text. ``method`` REQUEST for an invitation or update (raise ``sequence`` for each new
    version, e.g. the interview's schedule_version), CANCEL to withdraw it (same ``uid``)."""
    if end <= start:
        raise ValueError("an event must end after it starts")
    method = method.upper()
    if method not in {"REQUEST", "CANCEL", "PUBLISH"}:
        raise ValueError(f"unsupported METHOD {method}")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hrportal//interviews//ZH", "CALSCALE:GREGORIAN",
        f"METHOD:{method}", "BEGIN:VEVENT",
        f"UID:{uid}", f"SEQUENCE:{int(sequence)}", f"DTSTAMP:{_utc(stamp or datetime.now(UTC))}",
        f"DTSTART:{_utc(start)}", f"DTEND:{_utc(end)}", f"SUMMARY:{_text(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{_text(description)}")
    if url:
        lines.append(f"URL:{url}")
    if organizer_email:
        cn = f";CN={_text(organizer_name)}" if organizer_name else ""
        lines.append(f"ORGANIZER{cn}:mailto:{organizer_email}")
    if attendee_email:
        lines.append(f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:{attendee_email}")
    lines.append("STATUS:CANCELLED" if method == "CANCEL" else "STATUS:CONFIRMED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
