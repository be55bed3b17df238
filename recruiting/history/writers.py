"""Writing validated rows in one transaction: employees by 工号, reviews by 工号 + 考核周期, applications by the candidate's blind index + position, each with its stage path (history_path) as ApplicationStageChange rows with historical dates and no signal."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hrportal import crypto
from recruiting import pipeline, stage_facts
from recruiting.analytics_facts import store as analytics_store
from recruiting.history.columns import IMPORT_REASON
from recruiting.history.paths import IllegalHistory, aware_at, history_path, spread
from recruiting.history.report import KindCounts, RowError
from recruiting.history.rows import Record
from recruiting.models import (
    Application,
    ApplicationCompetencyScore,
    ApplicationStageChange,
    Candidate,
    Employee,
    PerformanceReview,
)
from recruiting.pipeline import Stage


def _assign(obj, changes: dict) -> bool:
    """Set attributes that differ; True when something changed."""
    changed = False
    for name, value in changes.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def write_employees(records: list[Record], counts: KindCounts) -> None:
    nos = [r.values["employee_no"] for r in records]
    existing = {e.employee_no: e for e in Employee.objects.filter(employee_no__in=nos)}
    status: dict[str, str] = {}
    for record in records:
        v = record.values
        changes = {"name": v["name"], "department": v["department"], "hire_date": v["hire_date"]}
        # Empty optional cells keep what the system already holds.
        for key in ("position", "leave_date", "phone", "email", "id_number", "base_salary", "wecom_userid"):
            if v[key] not in (None, ""):
                changes[key] = v[key]
        employee = existing.get(v["employee_no"])
        if employee is None:
            employee = Employee(employee_no=v["employee_no"], **changes)
            employee.save()
            existing[employee.employee_no] = employee
            status[employee.employee_no] = "created"
        elif _assign(employee, changes):
            employee.save()
            status[employee.employee_no] = "updated"
        else:
            status[employee.employee_no] = "unchanged"
    # Managers second: a manager may be a later row of the same file.
    manager_nos = {r.values["manager_no"] for r in records if r.values["manager_no"]}
    managers = {e.employee_no: e for e in Employee.objects.filter(employee_no__in=manager_nos)}
    for record in records:
        manager = managers.get(record.values["manager_no"])
        employee = existing[record.values["employee_no"]]
        if manager is not None and employee.manager_id != manager.id:
            Employee.objects.filter(pk=employee.pk).update(manager=manager)
            if status[employee.employee_no] == "unchanged":
                status[employee.employee_no] = "updated"
    for outcome in status.values():
        setattr(counts, outcome, getattr(counts, outcome) + 1)


class RowConflict(Exception):
    """A row that validated but cannot be written (the data changed meanwhile); rolls the import back."""

    def __init__(self, record: Record, reason: str, column: str = ""):
        super().__init__(reason)
        self.error = RowError(row=record.row, column=column, reason=reason, sheet=record.sheet)


def write_applications(records: list[Record], counts: KindCounts) -> None:
    # the rows are written in bulk (no model signals): the analytics' slices of every application touched are
    # noted before its changes and recomputed once at the end, from what the rows hold by then
    with analytics_store.batch():
        _write_applications(records, counts)


def _write_applications(records: list[Record], counts: KindCounts) -> None:
    employee_nos = {r.values["employee_no"] for r in records if r.values["outcome"] == Stage.HIRED}
    employees = {e.employee_no: e for e in Employee.objects.filter(employee_no__in=employee_nos)}
    for record in records:
        v = record.values
        changed = False
        candidate = Candidate.objects.filter(pk=v["candidate_id"]).first() if v["candidate_id"] else None
        if candidate is None:
            # Two rows of the same file may introduce the same new person for two positions.
            candidate = _find_candidate(v["phone"], v["email"])
        if candidate is None:
            candidate = Candidate(name=v["name"], phone=v["phone"], email=v["email"], resume_text=v["resume"],
                                  source=Candidate.Source.OTHER)
            candidate.save()
        else:
            fill = {"name": v["name"]}
            if v["phone"] and not candidate.phone:
                fill["phone"] = v["phone"]
            if v["email"] and not candidate.email:
                fill["email"] = v["email"]
            if v["resume"]:
                fill["resume_text"] = v["resume"]
            if _assign(candidate, fill):
                candidate.save()
                changed = True
        applied_at, decided_at = aware_at(v["applied"]), aware_at(v["decided"], hour=16)
        application = v["existing"] or Application.objects.filter(candidate=candidate, position=v["position"]).first()
        created = application is None
        if not created:
            analytics_store.touch([application.pk])  # its slices before 投递时间 or the stage change
        if created:
            application = Application.objects.create(
                candidate=candidate, position=v["position"], stage=Stage.NEW, applied_at=applied_at,
                stage_changed_at=applied_at, is_historical=True,
            )
        try:
            path = history_path(v["outcome"], interviewed=bool(record.scores), start=application.stage)
        except IllegalHistory as exc:  # validation checked this; reaching here means the data moved meanwhile
            raise RowConflict(record, _("系统中该申请已处于“%(from)s”阶段，无法按招聘流程补录为“%(to)s”。")
                               % {"from": Stage(application.stage).label, "to": Stage(v["outcome"]).label}) from exc
        if path:
            start_at = applied_at if created else max(application.stage_changed_at, applied_at)
            moments = spread(start_at, max(decided_at, start_at), len(path))
            previous = application.stage
            rows = []
            for stage, at in zip(path, moments, strict=True):
                reason = (v["reason"] or IMPORT_REASON) if stage in pipeline.REASON_REQUIRED else IMPORT_REASON
                # changed_by stays empty: the importing user did not take the historical decision
                # (the import itself is in the audit log).
                rows.append(ApplicationStageChange(application=application, from_stage=previous, to_stage=stage,
                                                   changed_by=None, reason=reason[:500], at=at))
                previous = stage
            ApplicationStageChange.objects.bulk_create(rows)
            stage_facts.rebuild(application_ids=[application.pk])
            Application.objects.filter(pk=application.pk).update(stage=path[-1], stage_changed_at=moments[-1])
            changed = True
        if not created and application.applied_at != applied_at and not path:
            Application.objects.filter(pk=application.pk).update(applied_at=applied_at)
            stage_facts.rebuild(application_ids=[application.pk])  # 新投递 is entered at 投递时间
            changed = True
        existing_scores = {s.competency_id: s for s in application.competency_scores.filter(
            source=ApplicationCompetencyScore.Source.IMPORT)}
        for competency_id, score in record.scores.items():
            current = existing_scores.get(competency_id)
            if current is None:
                ApplicationCompetencyScore.objects.create(
                    application=application, competency_id=competency_id, score=score,
                    source=ApplicationCompetencyScore.Source.IMPORT, recorded_at=decided_at,
                )
                changed = True
            elif current.score != score:
                current.score = score
                current.save(update_fields=["score"])
                changed = True
        if v["outcome"] == Stage.HIRED:
            employee = employees.get(v["employee_no"]) or Employee.objects.get(employee_no=v["employee_no"])
            if employee.hired_through_id != application.id:
                Employee.objects.filter(pk=employee.pk).update(hired_through=application)
                changed = True
        if created:
            counts.created += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1


def _find_candidate(phone: str, email: str) -> Candidate | None:
    if phone:
        found = Candidate.objects.filter(phone_hash=crypto.blind_index(phone, kind="phone")).first()
        if found:
            return found
    if email:
        return Candidate.objects.filter(email_hash=crypto.blind_index(email, kind="email")).first()
    return None


def write_reviews(records: list[Record], counts: KindCounts) -> None:
    nos = {r.values["employee_no"] for r in records}
    employees = {e.employee_no: e for e in Employee.objects.filter(employee_no__in=nos)}
    existing = {
        (r.employee.employee_no, r.period): r
        for r in PerformanceReview.objects.filter(employee__employee_no__in=nos).select_related("employee")
    }
    for record in records:
        v = record.values
        changes = {"rating": v["rating"], "score": v["score"]}
        if v["reviewed_on"]:
            changes["reviewed_on"] = v["reviewed_on"]
        review = existing.get((v["employee_no"], v["period"]))
        if review is None:
            PerformanceReview.objects.create(employee=employees[v["employee_no"]], period=v["period"], **changes)
            counts.created += 1
        elif _assign(review, changes):
            review.save()
            counts.updated += 1
        else:
            counts.unchanged += 1
