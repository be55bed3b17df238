"""Issue 23 item 3: resumes by e-mail, against a real IMAP server on loopback — Debian's Dovecot, started by
this fixture with its own configuration (``.ci/run`` installs dovecot-imapd). Messages are put in with IMAP
APPEND; the poller takes them in through the intake, marks them, never fetches them twice; a duplicate
message links to the same candidate; a malformed attachment is a failed item, not a stopped poll; an outage is
logged and the next poll works."""

from __future__ import annotations

import base64
import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from recruiting.mailbox import services as mailbox
from recruiting.models import Application, Candidate, IntakeBatch, IntakeItem
from tests.screening import builders

DOVECOT = Path("/usr/sbin/dovecot")
USER, PASSWORD = "jobs@example.com", "mailbox-secret"
RESUME = "周婷\n手机：13877776666\n邮箱：zhouting@example.com\n工作经历\n2018.07-至今 杭州某某有限公司 销售经理\n"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DOVECOT.exists() or os.geteuid() != 0,
                       reason="needs Debian's dovecot-imapd and root (.ci/run installs it; CI runs as root)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def imap_server():
    """A Dovecot IMAP server on 127.0.0.1 with one mailbox user; stopped (by its pid) after the test."""
    root = Path(tempfile.mkdtemp(prefix="hrportal-imap-", dir="/tmp"))
    root.chmod(0o755)
    for name in ("run", "state", "home"):
        (root / name).mkdir()
    (root / "home").chmod(0o777)  # the mail user is nobody
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    port = _free_port()
    (root / "dovecot.conf").write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:{root}/home/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
""")
    proc = subprocess.Popen([str(DOVECOT), "-F", "-c", str(root / "dovecot.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"dovecot did not start: {(root / 'dovecot.log').read_text() if (root / 'dovecot.log').exists() else ''}")
            time.sleep(0.1)
    try:
        yield mailbox.MailboxConfig(host="127.0.0.1", port=port, user=USER, password=PASSWORD, ssl=False)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _message(subject: str, files: dict[str, bytes], *, sender="zhouting@example.com") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, USER, subject
    msg["Message-ID"] = f"<{time.monotonic_ns()}@example.com>"
    msg.set_content("您好，附件是我的简历。")
    for name, data in files.items():
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


def _append(config, raw: bytes) -> None:
    client = imaplib.IMAP4(config.host, config.port)
    client.login(config.user, config.password)
    client.append("INBOX", None, None, raw)
    client.logout()


def _marked(config) -> list[bytes]:
    client = imaplib.IMAP4(config.host, config.port)
    client.login(config.user, config.password)
    client.select("INBOX")
    _s, found = client.uid("SEARCH", None, "KEYWORD", mailbox.MARK)
    client.logout()
    return found[0].split()


def test_a_message_with_a_position_code_becomes_an_email_application(imap_server, ehr):
    _append(imap_server, _message("应聘 sm-01 销售经理 - 周婷", {"周婷简历.pdf": builders.text_pdf(RESUME)}))
    assert mailbox.poll_mailbox(config=imap_server) == {"messages": 1, "skipped": 0}
    candidate = Candidate.objects.get(phone_hash=_hash("13877776666"))
    application = Application.objects.get(candidate=candidate)
    assert application.position == ehr["position"] and application.source == Application.Source.EMAIL
    assert candidate.consent_at is None  # the sender saw no notice: consent is never assumed
    batch = IntakeBatch.objects.get(source=IntakeBatch.Source.EMAIL)
    assert batch.status == IntakeBatch.Status.DONE and batch.screening_run is not None
    assert len(_marked(imap_server)) == 1
    # marked: never fetched twice
    assert mailbox.poll_mailbox(config=imap_server) == {"messages": 0, "skipped": 0}
    assert IntakeBatch.objects.filter(source=IntakeBatch.Source.EMAIL).count() == 1


def _hash(phone):
    from hrportal import crypto

    return crypto.blind_index(phone, kind="phone")


def test_without_a_code_the_resume_goes_to_the_talent_pool(imap_server, ehr):
    _append(imap_server, _message("求职简历", {"resume.txt": RESUME.encode()}))
    mailbox.poll_mailbox(config=imap_server)
    batch = IntakeBatch.objects.get(source=IntakeBatch.Source.EMAIL)
    assert batch.position is None
    item = batch.items.get()
    assert item.outcome == IntakeItem.Outcome.CREATED and item.application is None


def test_a_duplicate_message_links_to_the_same_candidate(imap_server, ehr):
    raw = _message("应聘 SM-01", {"周婷简历.pdf": builders.text_pdf(RESUME)})
    _append(imap_server, raw)
    _append(imap_server, raw)  # the same message delivered twice (two UIDs)
    assert mailbox.poll_mailbox(config=imap_server)["messages"] == 2
    assert Candidate.objects.filter(phone_hash=_hash("13877776666")).count() == 1
    outcomes = sorted(IntakeItem.objects.filter(batch__source=IntakeBatch.Source.EMAIL).values_list("outcome", flat=True))
    assert outcomes == sorted([IntakeItem.Outcome.CREATED, IntakeItem.Outcome.DUPLICATE_FILE])
    assert Application.objects.filter(candidate__phone_hash=_hash("13877776666")).count() == 1
    assert len(_marked(imap_server)) == 2


def test_a_malformed_attachment_is_a_failed_item_and_the_rest_is_taken_in(imap_server, ehr):
    raw = _message("应聘 SM-01", {"broken.pdf": b"PLACEHOLDER", "noise.pdf": b"%PDF-1.7\n" + os.urandom(3000),
                                  "good.txt": RESUME.encode()})
    encoded = base64.b64encode(b"PLACEHOLDER")
    assert encoded in raw
    broken = raw.replace(encoded, b"@@@ not base64 !!! ###")  # a part whose transfer encoding is broken
    _append(imap_server, broken)
    assert mailbox.poll_mailbox(config=imap_server)["messages"] == 1
    items = {i.filename: i for i in IntakeItem.objects.filter(batch__source=IntakeBatch.Source.EMAIL)}
    assert items["broken.pdf"].outcome == IntakeItem.Outcome.FAILED and items["broken.pdf"].message
    assert items["noise.pdf"].outcome == IntakeItem.Outcome.FAILED
    assert items["good.txt"].outcome == IntakeItem.Outcome.CREATED
    assert len(_marked(imap_server)) == 1


def test_an_outage_is_logged_and_the_next_poll_takes_the_mail(imap_server, ehr, caplog):
    _append(imap_server, _message("应聘 SM-01", {"resume.txt": RESUME.encode()}))
    down = mailbox.MailboxConfig(host="127.0.0.1", port=_free_port(), user=USER, password=PASSWORD, ssl=False)
    result = mailbox.poll_mailbox(config=down)
    assert "error" in result and "unreachable" in caplog.text
    wrong_password = mailbox.MailboxConfig(host="127.0.0.1", port=imap_server.port, user=USER, password="x", ssl=False)
    assert "error" in mailbox.poll_mailbox(config=wrong_password)
    assert not IntakeBatch.objects.exists()
    assert mailbox.poll_mailbox(config=imap_server)["messages"] == 1


def test_the_sweep_does_nothing_without_a_configured_mailbox(settings):
    from hrportal.sweeps import registered_sweeps

    settings.MAILBOX_IMAP_HOST = ""
    sweeps = dict(registered_sweeps())
    assert sweeps["resume mailbox"]() == {"configured": False}
