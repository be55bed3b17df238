"""A job the queue tests enqueue; lives in an importable module so a worker process can run it."""

from hrportal.audit import record


def write_audit_row(note: str) -> str:
    record(action="create", object_type="queue_test", note=note)
    return f"done:{note}"
