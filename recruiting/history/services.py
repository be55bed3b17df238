"""Import of hiring history (the entry point; the file format is ``columns``, reading ``readers``, validation
``rows``, writing ``writers``, the outcome ``report``): employees, past applications with interview dimension scores and outcomes,
and performance reviews, from CSV (UTF-8 with or without BOM, GB18030, UTF-16) or XLSX.

The import is all-or-nothing per file. Every row is validated first and every problem is collected as
(row as the user sees it — header is row 1 —, column, reason in Chinese); when there is any problem
nothing is written. Otherwise everything is written in one transaction. Re-importing the same file
updates rows instead of duplicating them: employees are keyed by 工号, reviews by 工号 + 考核周期,
applications by the candidate's phone (or e-mail) blind index + position.

A workbook whose sheets are named 员工 / 应聘记录 / 绩效 (or employees / applications / reviews) is
one import, processed in that order, so a hired application may refer to an employee created by the
same workbook. Any other file is a single table whose kind is detected from its header row.

Historical applications are real pipeline rows: the Application ends at its outcome and its stage
path (new → screening → shortlisted → interviewing → offer → hired, or the shorter path to a
rejection/withdrawal) is recorded as ApplicationStageChange rows with the historical dates. Every
edge is checked against ``recruiting.pipeline.TRANSITIONS``. No stage-change signal is sent: the
events are in the past and must not notify anybody.
"""

from __future__ import annotations

from pathlib import PurePath

from django.db import transaction

from hrportal import audit
from recruiting.history.columns import APPLICATIONS, EMPLOYEES, KINDS, REVIEWS
from recruiting.history.readers import FileProblem, Sheet, read_upload
from recruiting.history.report import ImportReport, KindCounts, RowError
from recruiting.history.rows import Validator
from recruiting.history.writers import RowConflict, write_applications, write_employees, write_reviews


def import_history_file(
    *, filename: str, data: bytes, kind: str | None = None, actor=None, request=None, dry_run: bool = False
) -> ImportReport:
    """Validate a history file completely, then write all of it or nothing.

    Guarantees: when the returned report has errors, the database is unchanged; when it has none,
    every row was created or updated in one transaction and one audit row (action "create",
    object_type "history_import") records the import. With ``dry_run`` the writes are rolled back
    and the report's counts say what an import would do.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
    report = ImportReport(filename=PurePath(filename or "").name, dry_run=dry_run)
    try:
        sheets = read_upload(filename, data, forced_kind=kind)
    except FileProblem as problem:
        report.errors.append(RowError(row=None, column="", reason=str(problem)))
        return report
    try:
        return _validate_and_write(report, sheets, kind, actor=actor, request=request)
    except RowConflict as conflict:  # the transaction has been rolled back
        report.errors.append(conflict.error)
        report.counts = {}
        return report


def _validate_and_write(report: ImportReport, sheets: list[Sheet], kind: str | None, *, actor, request) -> ImportReport:
    with transaction.atomic():
        ctx = Validator(report).run(sheets, kind)
        if report.errors:
            return report
        for current in report.kinds:
            report.counts[current] = KindCounts()
        if ctx.records[EMPLOYEES]:
            write_employees(ctx.records[EMPLOYEES], report.counts[EMPLOYEES])
        if ctx.records[APPLICATIONS]:
            write_applications(ctx.records[APPLICATIONS], report.counts[APPLICATIONS])
        if ctx.records[REVIEWS]:
            write_reviews(ctx.records[REVIEWS], report.counts[REVIEWS])
        report.counts = {k: report.counts[k] for k in KINDS if k in report.counts}
        if report.dry_run:
            transaction.set_rollback(True)
            return report
        note = f"{report.filename}: " + "; ".join(
            f"{k} +{c.created} ~{c.updated} ={c.unchanged}" for k, c in report.counts.items()
        )
        audit.record(action="create", object_type="history_import", note=note, actor=actor, request=request)
    return report
