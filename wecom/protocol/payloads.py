"""Message and calendar payloads for the WeCom server API, built within WeCom's field limits (byte limits are cut on a UTF-8 character boundary, so the server never cuts a Chinese character in half); the client adds the agentid."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# Field limits from message/send (D:90236) and update_template_card (D:94888).
MAX_RECIPIENTS = 1000


TEXT_CONTENT_BYTES = 2048


TEXTCARD_TITLE_BYTES = 128


TEXTCARD_DESCRIPTION_BYTES = 512


URL_BYTES = 2048


TEXTCARD_BTNTXT_CHARS = 4


TASK_ID_BYTES = 128


TASK_ID_RE = re.compile(r"^[A-Za-z0-9_\-@]{1,128}$")


MAX_BUTTONS = 6


BUTTON_TEXT_CHARS = 10


BUTTON_KEY_BYTES = 1024


MAX_DUPLICATE_CHECK_INTERVAL = 4 * 3600


SCHEDULE_SUMMARY_CHARS = 128


SCHEDULE_MAX_ADMINS = 3


MAX_ATTACHMENTS = 9


def truncate_utf8(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes without splitting a character."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def _recipients(users: str | Iterable[str]) -> str:
    ids = [u for u in (users.split("|") if isinstance(users, str) else list(users)) if u]
    if not ids:
        raise ValueError("a WeCom message needs at least one recipient")
    if len(ids) > MAX_RECIPIENTS:
        raise ValueError(f"at most {MAX_RECIPIENTS} recipients per call, got {len(ids)}")
    return "|".join(ids)


def _check_url(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise ValueError("WeCom links must start with http:// or https://")
    if len(url.encode("utf-8")) > URL_BYTES:
        raise ValueError(f"WeCom links are limited to {URL_BYTES} bytes")
    return url


def _split_ids(value: str | None) -> list[str]:
    return [item for item in (value or "").split("|") if item]


def _message_options(enable_duplicate_check: bool, duplicate_check_interval: int | None) -> dict[str, Any]:
    if not enable_duplicate_check:
        return {}
    options: dict[str, Any] = {"enable_duplicate_check": 1}
    if duplicate_check_interval is not None:
        options["duplicate_check_interval"] = max(1, min(int(duplicate_check_interval), MAX_DUPLICATE_CHECK_INTERVAL))
    return options


def text_message(
    to_users: str | Iterable[str],
    content: str,
    *,
    safe: bool = False,
    enable_duplicate_check: bool = False,
    duplicate_check_interval: int | None = None,
) -> dict[str, Any]:
    """A ``text`` message; content is cut to 2048 bytes (WeCom would truncate it anyway, mid-character)."""
    return {
        "touser": _recipients(to_users),
        "msgtype": "text",
        "text": {"content": truncate_utf8(content, TEXT_CONTENT_BYTES)},
        "safe": 1 if safe else 0,
        **_message_options(enable_duplicate_check, duplicate_check_interval),
    }


def card_description(parts: Sequence[tuple[str, str]], *, max_bytes: int = TEXTCARD_DESCRIPTION_BYTES) -> str:
    """textcard description from ``[(css_class, text), ...]`` with class gray / normal / highlight.

    Text is HTML-escaped and the result fits in ``max_bytes`` without cutting a tag: lines that do not fit
    are shortened, then dropped (WeCom would otherwise truncate at 512 bytes and leave a dangling ``<div``).
    """
    out = ""
    for css_class, text in parts:
        if css_class not in {"gray", "normal", "highlight"}:
            raise ValueError(f"unknown textcard class {css_class!r}")
        opening, closing = f'<div class="{css_class}">', "</div>"
        budget = max_bytes - len(out.encode("utf-8")) - len(opening) - len(closing)
        if budget <= 0:
            break
        escaped = html.escape(text, quote=False)
        if len(escaped.encode("utf-8")) > budget:
            # Shorten the raw text, then re-escape, so no entity like "&amp;" is cut in two.
            shortened = truncate_utf8(text, budget)
            while shortened and len(html.escape(shortened, quote=False).encode("utf-8")) > budget:
                shortened = shortened[:-1]
            escaped = html.escape(shortened, quote=False)
        out += opening + escaped + closing
    return out


def textcard_message(
    to_users: str | Iterable[str],
    *,
    title: str,
    description: str,
    url: str,
    btntxt: str | None = None,
    enable_duplicate_check: bool = False,
    duplicate_check_interval: int | None = None,
) -> dict[str, Any]:
    """A ``textcard``: title ≤128 bytes, description ≤512 bytes (build it with ``card_description``),
    url required (http/https, ≤2048 bytes), button text ≤4 characters (WeCom shows 详情 when omitted)."""
    card = {
        "title": truncate_utf8(title, TEXTCARD_TITLE_BYTES),
        "description": truncate_utf8(description, TEXTCARD_DESCRIPTION_BYTES),
        "url": _check_url(url),
    }
    if btntxt:
        card["btntxt"] = btntxt[:TEXTCARD_BTNTXT_CHARS]
    return {
        "touser": _recipients(to_users),
        "msgtype": "textcard",
        "textcard": card,
        **_message_options(enable_duplicate_check, duplicate_check_interval),
    }


@dataclass(frozen=True)
class CardButton:
    """One button of a button_interaction card: clicking it calls back with ``key`` as EventKey."""

    text: str
    key: str
    style: int = 1  # 1–4

    def as_payload(self) -> dict[str, Any]:
        if not self.key or len(self.key.encode("utf-8")) > BUTTON_KEY_BYTES:
            raise ValueError(f"button key must be 1..{BUTTON_KEY_BYTES} bytes")
        if self.style not in (1, 2, 3, 4):
            raise ValueError("button style must be 1, 2, 3 or 4")
        return {"text": self.text[:BUTTON_TEXT_CHARS], "style": self.style, "key": self.key}


def check_task_id(task_id: str) -> str:
    if not TASK_ID_RE.match(task_id or ""):
        raise ValueError("task_id must be 1..128 characters of letters, digits and _-@")
    return task_id


def button_card(
    *,
    task_id: str,
    title: str,
    buttons: Sequence[CardButton],
    desc: str = "",
    source_desc: str = "",
    sub_title_text: str = "",
    horizontal_content: Sequence[tuple[str, str]] = (),
    url: str | None = None,
) -> dict[str, Any]:
    """The ``template_card`` object of a button_interaction card (also usable to replace a card)."""
    if not 1 <= len(buttons) <= MAX_BUTTONS:
        raise ValueError(f"a button card needs 1..{MAX_BUTTONS} buttons")
    keys = [b.key for b in buttons]
    if len(set(keys)) != len(keys):
        raise ValueError("button keys must be unique within a card")
    card: dict[str, Any] = {
        "card_type": "button_interaction",
        "main_title": {"title": title, **({"desc": desc} if desc else {})},
        "task_id": check_task_id(task_id),
        "button_list": [b.as_payload() for b in buttons],
    }
    if source_desc:
        card["source"] = {"desc": source_desc, "desc_color": 0}
    if sub_title_text:
        card["sub_title_text"] = sub_title_text
    if horizontal_content:
        card["horizontal_content_list"] = [{"keyname": k, "value": v} for k, v in horizontal_content]
    if url:
        card["card_action"] = {"type": 1, "url": _check_url(url)}
    return card


def button_card_message(
    to_users: str | Iterable[str],
    card: dict[str, Any],
    *,
    enable_duplicate_check: bool = False,
    duplicate_check_interval: int | None = None,
) -> dict[str, Any]:
    """A ``template_card`` message carrying ``button_card(...)``. The app needs a callback URL for it."""
    return {
        "touser": _recipients(to_users),
        "msgtype": "template_card",
        "template_card": card,
        **_message_options(enable_duplicate_check, duplicate_check_interval),
    }


def update_card_payload(
    *,
    response_code: str,
    userids: Iterable[str] = (),
    replace_name: str | None = None,
    template_card: dict[str, Any] | None = None,
    atall: bool = False,
) -> dict[str, Any]:
    """Body of message/update_template_card: either grey the buttons out with ``replace_name`` or
    replace the whole card. Each response_code works once, within 72 h."""
    if (replace_name is None) == (template_card is None):
        raise ValueError("give exactly one of replace_name or template_card")
    ids = list(userids)
    if len(ids) > MAX_RECIPIENTS:
        raise ValueError(f"at most {MAX_RECIPIENTS} userids per update")
    if not ids and not atall:
        raise ValueError("an update needs userids or atall")
    payload: dict[str, Any] = {"response_code": response_code}
    if ids:
        payload["userids"] = ids
    if atall:
        payload["atall"] = 1
    if replace_name is not None:
        payload["button"] = {"replace_name": replace_name}
    else:
        payload["template_card"] = template_card
    return payload


def schedule_payload(
    *,
    start: datetime,
    end: datetime,
    summary: str,
    attendees: Iterable[str],
    admins: Iterable[str] = (),
    description: str = "",
    location: str = "",
    remind_before_event_secs: int | None = 3600,
    cal_id: str | None = None,
) -> dict[str, Any]:
    """The ``schedule`` object of oa/schedule/add|update (times as aware datetimes → Unix seconds)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("schedule times must be timezone-aware")
    if end <= start:
        raise ValueError("a schedule must end after it starts")
    admin_ids = list(admins)
    if len(admin_ids) > SCHEDULE_MAX_ADMINS:
        raise ValueError(f"at most {SCHEDULE_MAX_ADMINS} schedule admins")
    attendee_ids = list(attendees)
    if len(attendee_ids) > MAX_RECIPIENTS:
        raise ValueError(f"at most {MAX_RECIPIENTS} attendees")
    schedule: dict[str, Any] = {
        "start_time": int(start.timestamp()),
        "end_time": int(end.timestamp()),
        "is_whole_day": 0,
        "summary": summary[:SCHEDULE_SUMMARY_CHARS],
        "attendees": [{"userid": u} for u in attendee_ids],
    }
    if admin_ids:
        schedule["admins"] = admin_ids
    if description:
        schedule["description"] = description
    if location:
        schedule["location"] = location
    if cal_id:
        schedule["cal_id"] = cal_id
    if remind_before_event_secs is not None:
        schedule["reminders"] = {
            "is_remind": 1, "remind_before_event_secs": int(remind_before_event_secs), "is_repeat": 0, "timezone": 8,
        }
    return schedule
