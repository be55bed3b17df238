"""Builders for the interview-room tests: a round of two approved questions (沟通能力 behavioural, 结果导向
situational) on the ``ehr`` position, and an interview of its application with a panel."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from interviews.bank.services import approve_question, save_plan, save_round
from interviews.models import Interview, InterviewAssignment, Question
from interviews.room.services import ScoreInput

STRONG_ANSWER = (
    "去年我负责华东区的大客户续约，当时客户因为价格问题准备流失，目标是季度内保住 3 家核心客户。"
    "我首先分析了客户的业绩数据，然后亲自协调售前和交付团队，主动与客户沟通了 6 次，提出分阶段付款方案。"
    "最终 3 家客户全部续约，续约金额 120 万元，回款周期缩短了 20%。"
)
WEAK_ANSWER = "我们团队一起做的，大家都挺努力，结果还行。"


def question(position, competency, text, qtype, by):
    q = Question.objects.create(
        position=position, competency=competency, text_zh=text, text_en="", question_type=qtype,
        anchors={"1": {"zh": "答非所问，没有实例", "en": ""}, "3": {"zh": "有实例但缺少结果数据", "en": ""},
                 "5": {"zh": "实例完整，结果可量化", "en": ""}},
        follow_ups=[{"zh": "你本人具体做了哪些事？", "en": "What did you do yourself?"}],
    )
    return approve_question(question=q, by=by)


def build_interview(ehr, users, *, starts_in=dt.timedelta(minutes=-10), panel=("interviewer", "manager")):
    comm, drive = ehr["competencies"]
    hr = users["hr"]
    q1 = question(ehr["position"], comm, "请讲一次你说服关键客户改变决定的经历。", "behavioural", hr)
    q2 = question(ehr["position"], drive, "如果季度过半业绩只完成三成，你会怎么做？", "situational", hr)
    plan = save_plan(position=ehr["position"], time_budget_minutes=90, by=hr)
    interview_round = save_round(
        plan=plan, name="初面", order=1, duration_minutes=45, competencies=[comm, drive],
        interviewers=[users[name] for name in panel], questions=[q1, q2], by=hr,
    )
    starts = timezone.now() + starts_in
    interview = Interview.objects.create(
        application=ehr["application"], round=interview_round, starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=45), room="A-301", organizer=hr,
    )
    for index, name in enumerate(panel):
        InterviewAssignment.objects.create(interview=interview, interviewer=users[name], is_lead=index == 0)
    rqs = list(interview_round.round_questions.order_by("order"))
    return {"interview": interview, "round": interview_round, "rq_comm": rqs[0], "rq_drive": rqs[1],
            "comm": comm, "drive": drive}


def full_scores(room, comm=4, drive=3, evidence=""):
    return [
        ScoreInput(room["comm"].pk, comm, evidence or ("举例充分" if comm in (1, 5) else "")),
        ScoreInput(room["drive"].pk, drive, evidence or ("举例充分" if drive in (1, 5) else "")),
    ]


def form_data(room, comm="4", drive="3", recommendation="yes", **extra):
    data = {
        f"score_{room['comm'].pk}": comm, f"evidence_{room['comm'].pk}": "",
        f"score_{room['drive'].pk}": drive, f"evidence_{room['drive'].pk}": "",
        "recommendation": recommendation, "summary": "",
    }
    data.update(extra)
    return data
