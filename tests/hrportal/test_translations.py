"""The English catalog is complete: every Chinese source string has an English translation, and the
catalog is not stale (makemessages finds nothing new)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(po_text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry; handles multi-line strings and plurals (msgstr[0])."""
    # A "#, fuzzy" flag comes before the msgid it belongs to: it is held until that msgid starts.
    entries, msgid, msgstr, fuzzy, next_fuzzy, current = [], None, None, False, False, None
    for line in po_text.splitlines() + [""]:
        if line.startswith("#,") and "fuzzy" in line:
            next_fuzzy = True
        elif line.startswith("msgid "):
            if msgid is not None:
                entries.append((msgid, msgstr or "", fuzzy))
            fuzzy, next_fuzzy = next_fuzzy, False
            msgid, msgstr, current = line[6:].strip().strip('"'), None, "id"
        elif line.startswith("msgid_plural"):
            current = "plural"
        elif line.startswith("msgstr"):
            value = line.split(" ", 1)[1].strip().strip('"')
            msgstr = (msgstr or "") + value if line.startswith(("msgstr ", "msgstr[0]")) else msgstr
            current = "str" if line.startswith(("msgstr ", "msgstr[0]")) else "other"
        elif line.startswith('"'):
            if current == "id":
                msgid += line.strip().strip('"')
            elif current == "str":
                msgstr = (msgstr or "") + line.strip().strip('"')
    if msgid is not None:
        entries.append((msgid, msgstr or "", fuzzy))
    return [e for e in entries if e[0]]  # drop the header entry


def test_every_source_string_has_an_english_translation():
    entries = _entries(PO.read_text(encoding="utf-8"))
    assert len(entries) > 50
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert missing == [], f"untranslated or fuzzy: {missing[:20]}"


def test_compiled_catalog_is_used():
    with translation.override("en"):
        assert translation.pgettext("list title", "职位") == "Positions"
        assert translation.pgettext("list title", "候选人") == "Candidates"
        assert translation.gettext("职位") == "Position"
        assert translation.gettext("候选人") == "Candidate"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools (xgettext) are not installed")
def test_catalog_is_not_stale():
    """Re-extract the source strings and compare msgid sets with the committed catalog. makemessages writes into
    the ``locale`` folder above the sources whatever LOCALE_PATHS says (a copy elsewhere stayed untouched, so the
    test could not fail): extract into the real catalog, read it, and put the committed bytes back."""
    committed_bytes = PO.read_bytes()
    try:
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "extract_messages.py")],
            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )
        assert done.returncode == 0, done.stderr
        fresh = {m for m, _, _ in _entries(PO.read_text(encoding="utf-8"))}
    finally:
        PO.write_bytes(committed_bytes)
    committed = {m for m, _, _ in _entries(committed_bytes.decode("utf-8"))}
    assert fresh - committed == set(), f"strings missing from the catalog (run make messages): {sorted(fresh - committed)[:20]}"
