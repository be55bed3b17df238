"""Resumes by e-mail (issue 23 item 3): an IMAP mailbox polled by the sweeper; see docs/careers.md."""
