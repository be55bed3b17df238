"""manage.py import_history FILE — import employees, past applications or performance reviews.

All or nothing: when any row is wrong the command prints every problem (row, column, reason), writes
nothing and exits with status 1. Formats: docs/history-import.md.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from recruiting.history.columns import KINDS
from recruiting.history.services import import_history_file


class Command(BaseCommand):
    help = "Import hiring history (employees / applications / reviews) from a CSV or XLSX file, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the .csv or .xlsx file")
        parser.add_argument("--kind", choices=KINDS, help="file kind (default: detected from the header row)")
        parser.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")

    def handle(self, *args, file, kind=None, dry_run=False, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        report = import_history_file(filename=path.name, data=data, kind=kind, dry_run=dry_run)
        if not report.ok:
            self.stderr.write(_("导入失败，未写入任何数据。共 %(n)d 个问题：") % {"n": len(report.errors)})
            for error in report.errors:
                where = _("第 %(row)d 行") % {"row": error.row} if error.row else _("整个文件")
                sheet = f"[{error.sheet}] " if error.sheet else ""
                column = error.column or "—"
                self.stderr.write(f"  {sheet}{where} | {column} | {error.reason}")
            raise CommandError(_("%(file)s 有 %(n)d 个问题") % {"file": path.name, "n": len(report.errors)})
        title = _("校验通过（试运行，未写入）：") if dry_run else _("导入成功：")
        self.stdout.write(self.style.SUCCESS(title + path.name))
        for line in report.summary_lines():
            self.stdout.write("  " + line)
