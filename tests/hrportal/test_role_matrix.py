"""Role × URL matrix: every named URL has a policy entry, and every role meets exactly that policy.

The URLconf is walked (includes and namespaces, admin too). A URL without a policy entry fails the
first test by name. Every URL that can be built (pk kwargs come from the ``ehr`` fixture, admin object
ids from the rows that exist) is then fetched with GET by each role: allowed → neither 403 nor 5xx,
not allowed → 403, anonymous on a non-public URL → 302 to the login page.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from hrportal import policy
from hrportal.privacy import rights
from interviews.surveys import links as survey_links
from payroll.contracts import links as offer_links
from payroll.payslips import links as payslip_links
from recruiting.rights import links as rights_links
from wecom.messages import links as wecom_links

ROLES = ["hr", "manager", "interviewer", "finance", "admin", "anonymous"]

# Per URL name: how to fill its kwargs from the ehr fixture.
PK_FROM_EHR = {
    "recruiting:position_detail": "position",
    "recruiting:position_edit": "position",
    "recruiting:candidate_detail": "candidate",
    "recruiting:retention_extend": "candidate",
    "recruiting:application_move": "application",
    "recruiting:intake_batch": "batch",
    "recruiting:resume_detail": "resume",
    "recruiting:screening_run_start": "position",
    "recruiting:screening_results": "position",
    "recruiting:screening_results_export": "position",
    "recruiting:screening_run": "run",
    "recruiting:screening_run_progress": "run",
    "recruiting:position_refit_weights": "position",
    "interviews:question_bank": "position",
    "interviews:question_generate": "position",
    "interviews:question_create": "position",
    "interviews:question_edit": "question",
    "interviews:question_approve": "question",
    "interviews:question_unapprove": "question",
    "interviews:plan_detail": "position",
    "interviews:round_create": "position",
    "interviews:round_edit": "round",
    "interviews:round_delete": "round",
}
PK_FROM_EHR.update({
    # interviews: the schedule, the room and scorecards, calibration and the decision (issue 4)
    "interviews:interview_create": "application",
    "interviews:interview_detail": "interview",
    "interviews:interview_edit": "interview",
    "interviews:interview_status": "interview",
    "interviews:interview_slots": "interview",
    "interviews:room": "interview",
    "interviews:room_notes": "interview",
    "interviews:room_ai": "interview",
    "interviews:recording_consent": "interview",
    "interviews:recording_chunk": "interview",
    "interviews:recording_transcript": "interview",
    "interviews:scorecard_save": "interview",
    "interviews:scorecard_submit": "interview",
    "interviews:scorecard_amend": "interview",
    "interviews:decision": "application",
    "interviews:position_comparison": "position",
    "interviews:interview_weights": "position",
    # the learning loop (issue 17)
    "interviews:learning": "position",
    "interviews:learning_refit": "position",
    "interviews:weight_set_activate": "weight_set",
    "interviews:weight_set_reject": "weight_set",
    "interviews:question_retire": "question",
    # wecom (issue 5)
    "wecom:send_invitations": "interview",
    "wecom:message_detail": "message",
    "wecom:message_retry": "message",
    "wecom:template_edit": "message_template",
    # payroll (issue 15)
    "payroll:run_detail": "payroll_run",
    "payroll:run_progress": "payroll_run",
    "payroll:run_adjustment": "payroll_run",
    # feedback surveys (issue 18)
    "interviews:suggestion_decide": "suggestion",
    "interviews:room_clock": "interview",
    # offers, contracts, onboarding (issue 16)
    "payroll:offer_create": "offer_application",
    "payroll:offer_detail": "offer",
    "payroll:offer_edit": "offer",
    "payroll:offer_contract": "offer",
    "payroll:onboarding": "onboarding",
    # the REST API (issue 21): a session never reaches it (401 without a bearer token, whatever the role);
    # the role × token matrix is tests/api/test_api_matrix.py
    "api:department-detail": "sales",
    "api:position-detail": "position",
    "api:candidate-detail": "candidate",
    "api:application-detail": "application",
    "api:screening_result-detail": "screening_result",
    "api:interview-detail": "interview",
    "api:scorecard-detail": "interview",
    "api:offer-detail": "offer",
    "api:onboarding-detail": "onboarding",
    "api:payroll_run-detail": "payroll_run",
    "api:performance_review-detail": "review",
    # the integration pages (admins)
    "integrations:token_revoke": "api_token",
    "integrations:webhook_edit": "webhook",
    "integrations:webhook_test": "webhook",
})
# URLs whose kwargs are not a pk: name → function(ehr) → kwargs.
KWARGS_FROM_EHR: dict = {}
KWARGS_FROM_EHR["api:employee-detail"] = lambda ehr: {"employee_no": ehr["employee"].employee_no}
KWARGS_FROM_EHR["wecom:sandbox_phone"] = lambda ehr: {"kind": "candidate", "pk": ehr["candidate"].pk}
KWARGS_FROM_EHR["wecom:candidate_link"] = lambda ehr: {"token": wecom_links.make_token(ehr["interview"])}
KWARGS_FROM_EHR["payroll:run_export"] = lambda ehr: {"pk": ehr["payroll_run"].pk, "kind": "register"}
KWARGS_FROM_EHR["payroll:run_action"] = lambda ehr: {"pk": ehr["payroll_run"].pk, "action": "approve"}
KWARGS_FROM_EHR["payroll:pay_record_detail"] = lambda ehr: {"employee_id": ehr["employee"].pk}
KWARGS_FROM_EHR["payroll:declare"] = lambda ehr: {"employee_id": ehr["employee"].pk, "kind": "deduction"}
KWARGS_FROM_EHR["interviews:survey_answer"] = lambda ehr: {"token": survey_links.make_token(ehr["survey_invitation"])}
KWARGS_FROM_EHR["payroll:payslip"] = lambda ehr: {"token": payslip_links.make_token(ehr["payroll_line"])}
for _name in ("home", "export", "correction", "deletion", "review"):
    KWARGS_FROM_EHR[f"recruiting:rights_{_name}"] = lambda ehr: {"token": rights_links.make_token(ehr["candidate"])}
for _name in ("position", "apply", "qr"):  # the public careers page (issue 23): the position's code
    KWARGS_FROM_EHR[f"recruiting:careers_{_name}"] = lambda ehr: {"code": ehr["position"].code}
KWARGS_FROM_EHR["recruiting:rights_resolve"] = lambda ehr: {"pk": ehr["rights_request"].pk}
KWARGS_FROM_EHR["payroll:offer_action"] = lambda ehr: {"pk": ehr["offer"].pk, "action": "approve"}
KWARGS_FROM_EHR["payroll:offer_sign"] = lambda ehr: {"token": offer_links.make_token(ehr["contract"], expires=ehr["offer"].link_expires_at)}
# URLs that exist once per person (everyone may open their own): name → function(ehr, user) → kwargs,
# used instead of KWARGS_FROM_EHR when a role is logged in.
KWARGS_FOR_USER: dict = {
    "wecom:sandbox_phone": lambda ehr, user: {"kind": "user", "pk": user.pk},
}

# Admin URLs left out of the GET walk (still checked for a policy entry).
ADMIN_SKIPPED = {
    "admin:view_on_site": "needs a content type whose model has get_absolute_url",
}


def walk(patterns, namespace=""):
    """Yield (view_name, pattern) for every leaf; unnamed patterns get Django's view name (the callable path)."""
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            yield from walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name or p.lookup_str}", p


def all_view_names() -> list[str]:
    return sorted({name for name, _ in walk(get_resolver().url_patterns)})


def named_view_names() -> list[str]:
    return sorted({name for name, p in walk(get_resolver().url_patterns) if p.name})


def test_every_url_has_a_policy_entry():
    missing = [name for name in all_view_names() if policy.rule_for(name) is None]
    assert missing == [], f"URLs without an entry in hrportal.policy: {missing}"


def test_walk_sees_the_app_and_admin_urls():
    names = named_view_names()
    assert "recruiting:application_board" in names
    assert "admin:recruiting_candidate_changelist" in names
    assert "admin:hrportal_auditlog_changelist" in names


def _admin_kwargs(name: str, route_kwargs: set[str]) -> dict | None:
    kwargs = {}
    if "app_label" in route_kwargs:
        kwargs["app_label"] = "recruiting"
    if "object_id" in route_kwargs:
        # admin:<app>_<model>_<view>
        stem = name.split(":", 1)[1]
        for model in apps.get_models():
            prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
            if stem.startswith(prefix):
                if not model._meta.managed:
                    return None
                obj = model._default_manager.order_by("pk").first()
                if obj is None:
                    return None
                kwargs["object_id"] = str(obj.pk)
                break
        else:
            return None
    return kwargs


def refused_by_model_admin(name: str, user) -> bool:
    """True when the ModelAdmin itself forbids this page (read-only models: audit log, stage history):
    the 403 then comes from the admin's object rules, not from the URL policy."""
    from django.contrib import admin
    from django.test import RequestFactory

    if user is None or not name.startswith("admin:"):
        return False
    stem = name.split(":", 1)[1]
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if stem.startswith(prefix):
            request = RequestFactory().get("/")
            request.user = user
            view = stem[len(prefix):]
            if view == "add":
                return not model_admin.has_add_permission(request)
            if view == "delete":
                return not model_admin.has_delete_permission(request)
    return False


def buildable_urls(ehr) -> tuple[dict[str, str], dict[str, str]]:
    """{view name: url} for every URL that can be built, and {view name: why not} for the rest."""
    urls, skipped = {}, {}
    for name, pattern in walk(get_resolver().url_patterns):
        if not pattern.name:
            continue  # the admin's catch-all: checked for a policy entry above
        if name in ADMIN_SKIPPED:
            skipped[name] = ADMIN_SKIPPED[name]
            continue
        route_kwargs = set(pattern.pattern.regex.groupindex)
        try:
            if name in PK_FROM_EHR:
                urls[name] = reverse(name, kwargs={"pk": ehr[PK_FROM_EHR[name]].pk})
            elif name in KWARGS_FROM_EHR:
                urls[name] = reverse(name, kwargs=KWARGS_FROM_EHR[name](ehr))
            elif not route_kwargs:
                urls[name] = reverse(name)
            elif name.startswith("admin:"):
                kwargs = _admin_kwargs(name, route_kwargs)
                if kwargs is None:
                    skipped[name] = "no object to open"
                else:
                    urls[name] = reverse(name, kwargs=kwargs)
            else:
                skipped[name] = f"kwargs {sorted(route_kwargs)} unknown to the matrix"
        except NoReverseMatch as exc:
            skipped[name] = str(exc)
    if "admin:autocomplete" in urls:
        urls["admin:autocomplete"] += "?app_label=recruiting&model_name=position&field_name=department"
    return urls, skipped


@pytest.fixture
def full_ehr(ehr, users, settings, tmp_path):
    """ehr plus one row of each remaining model, so every admin change page can be opened."""
    from hrportal import audit
    from recruiting.intake.services import intake_text
    from recruiting.models import (
        ApplicationCompetencyScore,
        Employee,
        PerformanceReview,
        Resume,
        ScreeningRun,
    )

    settings.MEDIA_ROOT = tmp_path / "media"
    batch = intake_text(
        text="张三\n电话 13600001111\n邮箱 zhangsan@example.com\n本科 2015.09-2019.06 复旦大学\nPython 数据分析",
        position=ehr["position"], by=users["hr"],
    )
    ehr["batch"] = batch
    ehr["resume"] = Resume.objects.get(batch=batch)
    ehr["run"] = ScreeningRun.objects.filter(position=ehr["position"]).latest("id")

    employee = Employee.objects.get(user=users["manager"])
    ehr["review"] = PerformanceReview.objects.create(employee=employee, period="2024H1", rating="A", score=Decimal("85"))
    ehr["rd_application"].set_stage("screening", by=users["hr"])
    ApplicationCompetencyScore.objects.create(
        application=ehr["application"], competency=ehr["competencies"][0], score=Decimal("4")
    )
    audit.record(action="view", obj=ehr["candidate"], fields=["phone"], actor=users["hr"])
    from recruiting.models import CareersSettings

    CareersSettings(company_name_zh="矩阵公司").save()  # the careers page's settings row (admin change page)
    ehr["position"].published = True  # the public careers pages answer 200, not 404
    ehr["position"].save(update_fields=["published"])
    ehr["rights_request"] = rights.open_request(subject_id=ehr["candidate"].pk, kind="correction", details="城市应为杭州")

    from interviews.bank.services import approve_question, generate_bank, save_plan, save_round

    question = generate_bank(position=ehr["position"], by=users["hr"]).created[0]
    ehr["question"] = approve_question(question=question, by=users["hr"])
    plan = save_plan(position=ehr["position"], time_budget_minutes=90, by=users["hr"])
    ehr["round"] = save_round(
        plan=plan, name="初面", order=1, duration_minutes=45, competencies=ehr["competencies"],
        interviewers=[users["interviewer"]], questions=[ehr["question"]], by=users["hr"],
    )

    # An interview of that application with every role that may interview assigned (the room and the
    # scorecard are for assigned interviewers only; finance is never one).
    import datetime as dt

    from django.utils import timezone

    from interviews.models import Interview, InterviewAssignment

    starts = timezone.now() - dt.timedelta(minutes=10)
    interview = Interview.objects.create(
        application=ehr["application"], round=ehr["round"], starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=45), room="A-301", organizer=users["hr"],
    )
    for role in ("interviewer", "hr", "manager", "admin"):
        InterviewAssignment.objects.create(interview=interview, interviewer=users[role], is_lead=role == "interviewer")
    ehr["interview"] = interview

    # WeCom (issue 5): the default message templates, and one queued message (an invitation) of that interview
    from wecom.invitations.services import send_invitations
    from wecom.messages.templates import InvitationOptions, ensure_default_templates
    from wecom.models import MessageTemplate, OutboxMessage

    ensure_default_templates()
    ehr["message_template"] = MessageTemplate.objects.get(kind="invitation", language="zh-hans")
    send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    ehr["message"] = OutboxMessage.objects.filter(interview=interview, kind="invitation").get()

    # payroll (issue 15): the manager's pay record and a calculated run with its line
    from payroll.models import City
    from payroll.runs.services import create_run, start_calculation
    from payroll.structures.services import create_pay_record

    create_pay_record(employee=employee, valid_from=dt.date(2024, 1, 1), city=City.objects.get(code="beijing"),
                      components=[{"code": "base", "name": "基本工资", "kind": "base", "amount": "30000"}], by=users["finance"])
    ehr["payroll_run"] = start_calculation(run=create_run(year=2026, month=1, by=users["finance"]), by=users["finance"])
    ehr["payroll_line"] = ehr["payroll_run"].lines.get()
    ehr["employee"] = employee
    from interviews.models import InterviewWeightSet

    ehr["weight_set"] = InterviewWeightSet.objects.create(
        position=ehr["position"], version=1, method="regression", weights={"COMM": "0.7", "DRIVE": "0.3"},
        review="proposed",
    )

    # feedback surveys (issue 18): one survey invitation of that interview and one open suggestion
    from interviews.models import Audience, Suggestion, SurveyInvitation
    from interviews.surveys.services import ensure_default_template

    now = timezone.now()
    ehr["survey_invitation"] = SurveyInvitation.objects.create(
        interview=interview, audience=Audience.CANDIDATE, template=ensure_default_template(audience=Audience.CANDIDATE),
        send_at=now, remind_at=now + dt.timedelta(days=2), expires_at=now + dt.timedelta(days=14),
    )
    ehr["suggestion"] = Suggestion.objects.create(rule="round_low_satisfaction", subject_key="round:1", period="all",
                                                  figures={"advice": "…"})

    # offers (issue 16): a sent offer of that application (its contract and signing link) and its onboarding row
    from payroll.models import Onboarding
    from payroll.offers.services import approve_offer, draft_offer, send_offer
    from tests.payroll.conftest import decide_offer, make_contract_template

    make_contract_template()
    decide_offer(ehr["application"], users["manager"])
    offer = draft_offer(application=ehr["application"], by=users["hr"], start_date=dt.date(2026, 12, 1),
                        city=City.objects.get(code="beijing"), term_months=36,
                        components=[{"code": "base", "name": "基本工资", "kind": "base", "amount": "10000"}])
    approve_offer(offer=offer, by=users["hr"])
    ehr["offer"] = send_offer(offer=offer, by=users["hr"])
    ehr["contract"] = offer.contracts.get()
    ehr["onboarding"] = Onboarding.objects.create(offer=offer)
    ehr["offer_application"] = ehr["application"]

    # the REST API (issue 21): a token and a webhook subscription for the integration pages
    from api.models import WebhookSubscription
    from api.tokens import create_token
    from recruiting.models import ScreeningResult

    ehr["api_token"] = create_token(user=users["hr"], scopes=["read:candidates"])[0]
    ehr["webhook"] = WebhookSubscription.objects.create(name="EHR", url="https://ehr.example.com/hook", secret="s" * 32,
                                                        events=["application.created"])
    ehr["screening_result"] = ScreeningResult.objects.order_by("pk").first() or ehr["application"]
    return ehr


def test_every_app_url_can_be_built(full_ehr):
    _, skipped = buildable_urls(full_ehr)
    not_admin = {n: why for n, why in skipped.items() if not n.startswith("admin:")}
    assert not_admin == {}, "teach the matrix how to build these URLs (PK_FROM_EHR)"


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(role, client, users, full_ehr):
    user = None if role == "anonymous" else users[role]
    if user is not None:
        client.force_login(user)
    urls, _ = buildable_urls(full_ehr)
    for name, kwargs_for in KWARGS_FOR_USER.items():
        if name in urls and user is not None:
            urls[name] = reverse(name, kwargs=kwargs_for(full_ehr, user))
    login_url = reverse("login")
    failures = []
    for name, url in sorted(urls.items()):
        rule = policy.rule_for(name)
        allowed = policy.can_reach(user, name) if user is not None else rule == policy.PUBLIC
        if rule == policy.API_TOKEN:  # the REST API: a session (or none) is no credential → 401 JSON, never a redirect
            status = client.get(url).status_code
            if status != 401:
                failures.append(f"{name} {url}: the API must answer 401 without a bearer token, got {status}")
            continue
        try:
            response = client.get(url)
        except Exception as exc:  # a view that crashes is a failure of the matrix, listed with the rest
            failures.append(f"{name} {url}: raised {exc!r}")
            continue
        status = response.status_code
        if allowed and refused_by_model_admin(name, user):
            if status != 403:
                failures.append(f"{name} {url}: the ModelAdmin forbids it but it answered {status}")
        elif allowed and (status == 403 or status >= 500):
            failures.append(f"{name} {url}: allowed for {role} but answered {status}")
        elif not allowed and user is not None and status != 403:
            failures.append(f"{name} {url}: not allowed for {role} but answered {status}")
        elif not allowed and user is None and not (status == 302 and response["Location"].startswith(login_url)):
            failures.append(f"{name} {url}: anonymous should be sent to login, got {status}")
    assert failures == [], "\n".join(failures)
    assert len(urls) > 40  # the walk did reach the admin


@pytest.mark.django_db
def test_manager_is_refused_other_departments_objects(client, users, ehr):
    client.force_login(users["manager"])
    assert client.get(reverse("recruiting:candidate_detail", args=[ehr["rd_candidate"].pk])).status_code == 403
    assert client.get(reverse("recruiting:position_detail", args=[ehr["rd_position"].pk])).status_code == 403
    # ... while the own department's objects open.
    assert client.get(reverse("recruiting:candidate_detail", args=[ehr["candidate"].pk])).status_code == 200
    assert client.get(reverse("recruiting:position_detail", args=[ehr["position"].pk])).status_code == 200


@pytest.mark.django_db
def test_missing_objects_are_404_not_403(client, users, ehr):
    client.force_login(users["manager"])
    assert client.get(reverse("recruiting:candidate_detail", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_interviewer_cannot_open_the_position_editor(client, users):
    client.force_login(users["interviewer"])
    assert client.get(reverse("recruiting:position_create")).status_code == 403
    assert client.post(reverse("recruiting:position_create"), {}).status_code == 403
