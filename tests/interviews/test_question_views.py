"""Question bank and plan editor pages: what HR does, what a hiring manager sees, who is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from interviews.bank.services import approve_question, generate_bank
from interviews.models import InterviewPlan, Question


@pytest.fixture
def bank(ehr, users):
    generate_bank(position=ehr["position"], by=users["hr"])
    return ehr["position"].questions.all()


def test_hr_generates_and_approves_from_the_bank_page(client, users, ehr):
    client.force_login(users["hr"])
    position = ehr["position"]
    response = client.post(reverse("interviews:question_generate", args=[position.pk]), follow=True)
    assert response.status_code == 200
    assert position.questions.count() > 0
    assert "草稿题目" in response.content.decode()
    question = position.questions.first()
    assert question.text_zh in response.content.decode()

    client.post(reverse("interviews:question_approve", args=[question.pk]))
    question.refresh_from_db()
    assert question.is_approved
    page = client.get(reverse("interviews:question_bank", args=[position.pk]), {"status": "approved"}).content.decode()
    assert question.text_zh in page
    assert position.questions.exclude(pk=question.pk).first().text_zh not in page

    client.post(reverse("interviews:question_unapprove", args=[question.pk]))
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


def test_hr_edits_a_question(client, users, ehr, bank):
    client.force_login(users["hr"])
    question = bank.first()
    url = reverse("interviews:question_edit", args=[question.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "competency": question.competency_id, "question_type": "situational", "difficulty": 3, "skill": "",
        "text_zh": "假设客户临时取消订单，你会怎么沟通？", "text_en": "A client cancels an order. How do you talk to them?",
        "anchor_1_zh": "只会道歉", "anchor_1_en": "", "anchor_3_zh": "说明原因", "anchor_3_en": "",
        "anchor_5_zh": "挽回订单", "anchor_5_en": "Wins the order back",
        "follow_ups_text": "你会先联系谁？ | Whom do you call first?\n结果如何？",
    })
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text_zh == "假设客户临时取消订单，你会怎么沟通？" and question.difficulty == 3
    assert question.anchors["5"] == {"zh": "挽回订单", "en": "Wins the order back"}
    assert question.follow_ups == [{"zh": "你会先联系谁？", "en": "Whom do you call first?"}, {"zh": "结果如何？", "en": ""}]


def test_hr_adds_a_manual_question_and_bad_input_is_422(client, users, ehr):
    client.force_login(users["hr"])
    url = reverse("interviews:question_create", args=[ehr["position"].pk])
    data = {"competency": ehr["competencies"][1].pk, "question_type": "behavioural", "difficulty": 2,
            "text_zh": "请讲一次你超额完成销售目标的经历。", "follow_ups_text": ""}
    assert client.post(url, {**data, "difficulty": 7}).status_code == 422
    assert client.post(url, data).status_code == 302
    q = ehr["position"].questions.get()
    assert (q.source, q.status) == (Question.Source.MANUAL, Question.Status.DRAFT)


def test_plan_editor_shows_gaps_and_refuses_drafts(client, users, ehr, bank):
    client.force_login(users["hr"])
    position = ehr["position"]
    comm, drive = ehr["competencies"]
    assert client.post(reverse("interviews:plan_detail", args=[position.pk]), {"time_budget_minutes": 90}).status_code == 302
    plan = InterviewPlan.objects.get(position=position)
    draft = bank.filter(competency=comm).first()
    url = reverse("interviews:round_create", args=[position.pk])
    form = {"name": "初面", "name_en": "First interview", "order": 1, "duration_minutes": 30,
            "competencies": [comm.pk, drive.pk], "interviewer_pool": [users["interviewer"].pk]}
    response = client.post(url, {**form, "questions": [draft.pk]})
    assert response.status_code == 422  # a draft is not a valid choice
    assert plan.rounds.count() == 0

    approved = approve_question(question=draft, by=users["hr"])
    assert client.post(url, {**form, "questions": [approved.pk]}).status_code == 302
    page = client.get(reverse("interviews:plan_detail", args=[position.pk])).content.decode()
    assert "“结果导向”还没有选定的题目。" in page
    assert approved.text_zh in page
    assert users["interviewer"].username in page
    assert plan.rounds.get().name_en == "First interview"  # shown on English pages (issue 20)


def test_manager_reads_own_department_but_cannot_edit(client, users, ehr, bank):
    client.force_login(users["manager"])
    position = ehr["position"]
    page = client.get(reverse("interviews:question_bank", args=[position.pk]))
    assert page.status_code == 200
    assert reverse("interviews:question_generate", args=[position.pk]) not in page.content.decode()
    assert client.get(reverse("interviews:plan_detail", args=[position.pk])).status_code == 200
    assert client.post(reverse("interviews:plan_detail", args=[position.pk]), {"time_budget_minutes": 90}).status_code == 403
    assert client.post(reverse("interviews:question_generate", args=[position.pk])).status_code == 403
    assert client.post(reverse("interviews:question_approve", args=[bank.first().pk])).status_code == 403
    assert not InterviewPlan.objects.exists()


def test_manager_of_another_department_is_refused(client, users, ehr):
    from recruiting.models import PositionCompetency

    rd = ehr["rd_position"]
    PositionCompetency.objects.create(position=rd, competency=ehr["competencies"][0], weight="100")
    generate_bank(position=rd, by=users["hr"])
    client.force_login(users["manager"])
    assert client.get(reverse("interviews:question_bank", args=[rd.pk])).status_code == 403
    assert client.get(reverse("interviews:plan_detail", args=[rd.pk])).status_code == 403


@pytest.mark.parametrize("role", ["interviewer", "finance"])
def test_interviewer_and_finance_are_refused_the_editors(client, users, ehr, bank, role):
    client.force_login(users[role])
    position = ehr["position"]
    question = bank.first()
    for url in (
        reverse("interviews:question_bank", args=[position.pk]),
        reverse("interviews:plan_detail", args=[position.pk]),
        reverse("interviews:round_create", args=[position.pk]),
        reverse("interviews:question_edit", args=[question.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("interviews:question_approve", args=[question.pk])).status_code == 403
    question.refresh_from_db()
    assert not question.is_approved


def test_bank_page_query_count_does_not_grow_with_the_bank(client, users, ehr, bank, django_assert_max_num_queries):
    client.force_login(users["hr"])
    with django_assert_max_num_queries(15):
        assert client.get(reverse("interviews:question_bank", args=[ehr["position"].pk])).status_code == 200


def test_bank_page_in_english_shows_english_texts(client, users, ehr, bank, settings):
    client.force_login(users["hr"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("interviews:question_bank", args=[ehr["position"].pk])).content.decode()
    assert "Question bank: " in page
    question = bank.first()
    assert question.text_en in page and question.text_zh not in page


def test_bank_page_names_competencies_and_skills_in_the_ui_language(client, users, ehr, bank, settings):
    """Issue 20: the question's skill chip and the "generated from … for <competency>" line name the skill and
    the competency in English in English."""
    from recruiting.models import Skill

    Skill.objects.create(name="客户关系管理", name_en="CRM")
    bank.filter(pk=bank.first().pk).update(skill="客户关系管理")
    client.force_login(users["hr"])
    url = reverse("interviews:question_bank", args=[ehr["position"].pk])
    chinese = client.get(url).content.decode()
    assert '<span class="chip">客户关系管理</span>' in chinese and "“沟通能力”" in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert '<span class="chip">CRM</span>' in english and "template for “Communication”" in english
    assert "客户关系管理" not in english and "“沟通能力”" not in english
