"""Running the history import on a CSV of applications, for the tests of what the import keeps (the stage
history's entered_at, the analytics' slices)."""

from __future__ import annotations

import io

from django.core.management import call_command

APP_HEADER = "候选人姓名,手机,邮箱,职位编码,投递日期,结果日期,结果,工号,COMM,DRIVE\n"


def run_import(tmp_path, content: str) -> str:
    """Import ``content`` (rows under APP_HEADER) with ``manage.py import_history``; returns its output."""
    path = tmp_path / "apps.csv"
    path.write_text(APP_HEADER + content, encoding="utf-8")
    out = io.StringIO()
    call_command("import_history", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()
