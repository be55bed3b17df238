"""manage.py import_resumes PATH... [--position CODE] — take resumes in from files, folders and zips.

Prints one line per document (outcome, file, candidate or message) and a summary line. Per-file failures
are reported, never fatal: the exit status is 0 when the command itself ran (even if some files failed),
and non-zero only for a usage error (unknown position, no files found) or a crash.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from recruiting.intake.services import ACCEPTED_SUFFIXES, intake_files
from recruiting.models import Candidate, IntakeBatch, IntakeItem, Position


def expand_paths(paths: list[str]) -> list[Path]:
    """Files as given, and the files of folders (recursively, sorted; hidden files skipped). A folder
    contributes only files with an accepted suffix; a file named explicitly is always tried."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and child.suffix.lower() in ACCEPTED_SUFFIXES:
                    found.append(child)
        else:
            found.append(path)
    return found


class Command(BaseCommand):
    help = "Import resume files, folders or zips as candidates (optionally applying to a position)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="resume files, folders or zips")
        parser.add_argument("--position", help="position code; without it the candidates go to the talent pool")
        parser.add_argument("--consented", action="store_true",
                            help="the candidates agreed to the privacy notice (records consent)")
        parser.add_argument("--source", choices=Candidate.Source.values, default=Candidate.Source.OTHER,
                            help="candidate source recorded on new candidates")
        parser.add_argument("--user", help="username recorded as the uploader (default: none)")
        parser.add_argument("--no-screening", action="store_true",
                            help="do not start a screening run for the new applications")

    def handle(self, *args, paths, position=None, consented=False, source=Candidate.Source.OTHER, user=None,
               no_screening=False, **options):
        found_position = None
        if position:
            found_position = Position.objects.filter(code=position).first()
            if found_position is None:
                raise CommandError(_("找不到职位编码 %(code)s") % {"code": position})
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(_("找不到用户 %(name)s") % {"name": user})
        files = expand_paths(paths)
        if not files:
            raise CommandError(_("没有找到可导入的文件。"))
        batch = intake_files(
            files=[(str(path), path) for path in files], position=found_position, by=by,
            source=IntakeBatch.Source.COMMAND, consented=consented, candidate_source=source,
            start_screening=not no_screening,
        )
        for item in batch.items.select_related("candidate").order_by("id"):
            who = f"{item.candidate.name} (#{item.candidate_id})" if item.candidate_id else "-"
            self.stdout.write(f"{item.outcome}\t{item.filename}\t{who}\t{item.message}")
        counts = batch.counts
        summary = _("共 %(total)s 个文件：新建 %(created)s，相同文件 %(dup)s，同一人 %(same)s，失败 %(failed)s（批次 #%(batch)s）") % {
            "total": sum(counts.values()), "created": counts[IntakeItem.Outcome.CREATED],
            "dup": counts[IntakeItem.Outcome.DUPLICATE_FILE], "same": counts[IntakeItem.Outcome.SAME_PERSON],
            "failed": counts[IntakeItem.Outcome.FAILED], "batch": batch.pk,
        }
        self.stdout.write(summary)
        if batch.screening_run is not None:
            self.stdout.write(_("已开始 AI 筛选（筛选批次 #%(run)s）") % {"run": batch.screening_run.pk})
