"""Names and the punctuation around them in labels built in Python (issue 20 follow-up): hrportal.display_names
picks the English name in English (the Chinese one otherwise, and when there is no English name), and brackets,
label and list separators follow the language, so a form choice, a report row or a message line never shows
"销售经理（SM-01）" on an English page. Form choices are checked here; the pages and exports are checked in
their features' tests (calibration, surveys, costs, payroll runs, screening, learning, messages)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from hrportal import display_names
from payroll.models import City

pytestmark = pytest.mark.django_db


def test_english_name_in_english_chinese_otherwise_and_as_fallback(ehr):
    position, sales = ehr["position"], ehr["sales"]
    with translation.override("en"):
        assert display_names.display_name(position) == "Sales Manager"
        assert display_names.name_with_code(position) == "Sales Manager (SM-01)"
        assert display_names.display_name({"name": "初面", "name_en": ""}) == "初面"  # no English name: Chinese
        assert display_names.display_name(sales, "zh-hans") == "销售部"  # an explicit language wins
    with translation.override("zh-hans"):
        assert display_names.display_name(position) == "销售经理"
        assert display_names.name_with_code(position) == "销售经理（SM-01）"
        assert display_names.display_name(sales, "en") == "Sales"


def test_brackets_and_separators_follow_the_language():
    with translation.override("en"):
        assert display_names.with_note("Ann", "ann2") == "Ann (ann2)"
        assert display_names.label_separator() == ": "
        assert display_names.join_list(["A", "B"]) == "A, B"
        assert display_names.join_clauses(["x", "y"]) == "x; y"
    with translation.override("zh-hans"):
        assert display_names.with_note("王芳", "wangfang2") == "王芳（wangfang2）"
        assert display_names.label_separator() == "："
        assert display_names.join_list(["甲", "乙"]) == "甲、乙"
        assert display_names.join_clauses(["甲", "乙"]) == "甲；乙"


def _labels(field) -> list[str]:
    return [str(label) for value, label in field.choices if value != ""]


def test_recruiting_form_choices_name_positions_departments_competencies_and_skills(ehr, users):
    from recruiting.forms import BoardFilterForm, CandidateFilterForm, PositionForm, dimension_formset_class
    from recruiting.intake.forms import IntakeForm
    from recruiting.models import Position, Skill

    Skill.objects.create(name="客户关系管理", name_en="CRM")
    positions = Position.objects.filter(pk=ehr["position"].pk)
    for language, position, department, competency, skill in (
        ("en", "Sales Manager (SM-01)", "Sales", "Communication (COMM)", "CRM"),
        ("zh-hans", "销售经理（SM-01）", "销售部", "沟通能力（COMM）", "客户关系管理"),
    ):
        with translation.override(language):
            for form in (CandidateFilterForm(positions=positions), BoardFilterForm(positions=positions),
                         IntakeForm(positions=positions)):
                assert _labels(form.fields["position"]) == [position]
            assert department in _labels(PositionForm().fields["department"])
            formset = dimension_formset_class(extra=0)(instance=ehr["position"], prefix="dims")
            row = formset.forms[0]
            assert competency in _labels(row.fields["competency"])
            assert skill in _labels(row.fields["must_have_skills"])


def test_interview_form_choices_name_rounds_competencies_and_people(ehr, users):
    from interviews.bank.forms import QuestionForm, RoundForm
    from interviews.models import InterviewPlan, InterviewRound
    from interviews.schedule.forms import InterviewForm
    from interviews.schedule.selectors import filter_choices
    from tests.interviews.schedule_builders import book

    plan = InterviewPlan.objects.create(position=ehr["position"])
    first = InterviewRound.objects.create(plan=plan, name="初面", name_en="First interview", order=1, duration_minutes=45)
    first.interviewer_pool.set([users["interviewer"]])
    book(ehr["application"], first, timezone.now() + dt.timedelta(days=1), interviewers=[users["interviewer"]])
    with translation.override("en"):
        form = InterviewForm(position=ehr["position"])
        assert _labels(form.fields["interview_round"]) == ["1. First interview (45 min)"]
        assert "iv_wang · Interviewer pool: First interview" in _labels(form.fields["interviewers"])
        assert _labels(QuestionForm(position=ehr["position"]).fields["competency"]) == ["Communication", "Drive for results"]
        assert _labels(RoundForm(position=ehr["position"]).fields["competencies"]) == ["Communication", "Drive for results"]
        positions, _people = filter_choices(users["hr"])
        assert positions == [(ehr["position"].pk, "Sales Manager (SM-01)")]
    with translation.override("zh-hans"):
        form = InterviewForm(position=ehr["position"])
        assert _labels(form.fields["interview_round"]) == ["1. 初面（45 min）"]
        assert "iv_wang · 面试官库：初面" in _labels(form.fields["interviewers"])
        assert _labels(QuestionForm(position=ehr["position"]).fields["competency"]) == ["沟通能力", "结果导向"]
        positions, _people = filter_choices(users["hr"])
        assert positions == [(ehr["position"].pk, "销售经理（SM-01）")]


def test_payroll_form_choices_name_positions_departments_cities_and_structures(ehr, users):
    from payroll.costs.forms import InterviewerRateForm
    from payroll.models import SalaryStructure
    from payroll.offers.forms import OfferForm
    from payroll.runs.forms import RunForm
    from payroll.structures.forms import PayRecordForm

    City.objects.update_or_create(code="beijing", defaults={"name": "北京", "name_en": "Beijing"})
    SalaryStructure.objects.create(name="销售经理", name_en="Sales Manager", position=ehr["position"],
                                   valid_from=dt.date(2025, 1, 1))
    with translation.override("en"):
        assert "Sales Manager (SM-01)" in _labels(InterviewerRateForm().fields["grade"])
        assert "Sales" in _labels(RunForm().fields["departments"])
        assert "Beijing" in _labels(OfferForm(components=[]).fields["city"])
        record_form = PayRecordForm()
        assert "Beijing" in _labels(record_form.fields["city"])
        assert "Sales Manager (2025-01-01)" in _labels(record_form.fields["structure"])
    with translation.override("zh-hans"):
        assert "销售经理（SM-01）" in _labels(InterviewerRateForm().fields["grade"])
        assert "销售部" in _labels(RunForm().fields["departments"])
        assert "北京" in _labels(OfferForm(components=[]).fields["city"])
        assert "销售经理（2025-01-01）" in _labels(PayRecordForm().fields["structure"])


def test_round_form_offers_questions_in_the_ui_language(ehr, users):
    from interviews.bank.forms import RoundForm
    from interviews.bank.services import approve_question, generate_bank

    question = generate_bank(position=ehr["position"], by=users["hr"]).created[0]
    approve_question(question=question, by=users["hr"])
    with translation.override("en"):
        [label] = _labels(RoundForm(position=ehr["position"]).fields["questions"])
        assert label.startswith(f"[{question.competency.name_en} · ") and label.endswith(question.text_en)
    with translation.override("zh-hans"):
        [label] = _labels(RoundForm(position=ehr["position"]).fields["questions"])
        assert label.startswith(f"[{question.competency.name_zh} · ") and label.endswith(question.text_zh)


@pytest.mark.parametrize("url_name", [
    "interviews:question_bank", "interviews:plan_detail", "interviews:interview_weights",
    "interviews:position_comparison", "recruiting:position_edit",
])
def test_position_page_headings_name_the_position_in_the_ui_language(client, ehr, users, settings, url_name):
    from django.urls import reverse

    client.force_login(users["hr"])
    url = reverse(url_name, args=[ehr["position"].pk])

    def heading() -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode().split("<h1>", 1)[1].split("</h1>", 1)[0]

    assert "销售经理" in heading() and "Sales Manager" not in heading()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Sales Manager" in heading() and "销售经理" not in heading()


def test_interview_page_title_names_the_round_in_the_ui_language(client, ehr, users, settings):
    from django.urls import reverse

    from interviews.models import InterviewPlan, InterviewRound
    from tests.interviews.schedule_builders import book

    plan = InterviewPlan.objects.create(position=ehr["position"])
    first = InterviewRound.objects.create(plan=plan, name="初面", name_en="First interview", order=1, duration_minutes=45)
    interview = book(ehr["application"], first, timezone.now() + dt.timedelta(days=1), interviewers=[users["interviewer"]])
    client.force_login(users["hr"])
    url = reverse("interviews:interview_detail", args=[interview.pk])

    def title() -> str:
        return client.get(url).content.decode().split("<title>", 1)[1].split("</title>", 1)[0]

    assert "初面" in title()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "First interview" in title() and "初面" not in title()


@pytest.mark.parametrize("url_name", ["recruiting:application_board", "recruiting:candidate_list", "dashboard"])
def test_english_pages_read_the_english_name_with_the_rows(client, ehr, users, settings, url_name):
    """The cards and lists load positions with ``.only(...)``: in English the English title must be among the
    loaded columns, else every card costs one more query (the count grew with the rows before)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from recruiting.models import Application, Candidate

    client.force_login(users["hr"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse(url_name)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert "Sales Manager" in client.get(url).content.decode()
    for i in range(6):
        Application.objects.create(candidate=Candidate.objects.create(name=f"候选{i}"),
                                   position=ehr["rd_position"] if i % 2 else ehr["position"])
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
