"""HR sends an interview's invitations: templates with placeholders (zh/en), channel routing, the send page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from recruiting.models import Candidate
from tests.wecom.invitation_setup import fake, interview, sandbox  # noqa: F401 - fixtures
from wecom.invitations import services as invitations
from wecom.messages import templates as message_templates
from wecom.messages.routes import candidate_route, staff_route
from wecom.messages.templates import InvitationOptions
from wecom.models import CandidateContact, MessageTemplate, OutboxMessage
from wecom.outbox.jobs import send_outbox_message

pytestmark = pytest.mark.django_db


def invitation_of(interview) -> OutboxMessage:  # noqa: F811
    return OutboxMessage.objects.get(interview=interview, kind="invitation")


def test_invitation_is_rendered_in_chinese_with_every_placeholder(sandbox, interview, users):  # noqa: F811
    invitations.send_invitations(
        interview=interview, by=users["hr"], options=InvitationOptions(materials="身份证、作品集"),
    )
    message = invitation_of(interview)
    payload = message.data
    assert payload["subject"] == "面试邀请：销售经理（初面）"
    body = payload["body"]
    assert body.startswith("王小明，您好！")
    assert "时间：" in body and "14:00 — 14:45" in body and "日（周" in body
    assert "地点：上海市浦东新区世纪大道100号 A-301" in body
    assert "请携带：身份证、作品集" in body
    assert "初面，约 45 分钟的结构化面试" in body
    assert "联系人：hr_zhang\n" in body  # the owning HR; no e-mail on file here
    assert "13500000001" not in body  # never the HR's own mobile number unasked
    assert "https://hr.example.com/wecom/i/" in body
    assert "{" not in body and "}" not in body
    assert payload["meta"]["link"] in body
    assert "BEGIN:VEVENT" in payload["ics"]


def test_the_default_contact_is_the_hrs_work_email_never_their_mobile(sandbox, interview, users):  # noqa: F811
    from recruiting.models import Employee

    Employee.objects.filter(user=users["hr"]).update(email="hr.zhang@example.com")
    invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    body = invitation_of(interview).data["body"]
    assert "联系人：hr_zhang hr.zhang@example.com" in body and "13500000001" not in body


def test_invitation_is_rendered_in_english(sandbox, interview, users):  # noqa: F811
    invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions(language="en"))
    payload = invitation_of(interview).data
    assert payload["subject"] == "Interview invitation: Sales Manager (初面)"
    assert payload["body"].startswith("Dear 王小明,")
    assert ", 14:00 – 14:45" in payload["body"]
    assert "Please bring: ID card, latest résumé, degree certificates" in payload["body"]
    assert "about 45 minutes" in payload["body"]


def test_the_rounds_english_name_goes_into_an_english_invitation_only(sandbox, interview, users):  # noqa: F811
    """Issue 20: with an English round name the English invitation has no Chinese name left in it."""
    interview.round.name_en = "First interview"
    interview.round.save(update_fields=["name_en"])
    invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions(language="en"))
    english = invitation_of(interview).data
    assert english["subject"] == "Interview invitation: Sales Manager (First interview)"
    assert "First interview, a structured interview of about 45 minutes" in english["body"]
    assert "初面" not in english["body"] and "销售经理" not in english["body"]
    values = message_templates.placeholder_values(interview, options=InvitationOptions(), link="https://x")
    assert (values["position"], values["round"]) == ("销售经理", "初面")  # the Chinese message keeps the Chinese names


def test_hr_edits_the_template_and_unknown_placeholders_are_refused(client, sandbox, interview, users):  # noqa: F811
    client.force_login(users["hr"])
    assert client.get(reverse("wecom:templates")).status_code == 200
    template = MessageTemplate.objects.get(kind="invitation", language="zh-hans")
    url = reverse("wecom:template_edit", args=[template.pk])

    response = client.post(url, {"subject": "邀请 {positon}", "body": "{candidate_name} 您好"})
    assert response.status_code == 422
    assert "{positon}" in response.content.decode()
    template.refresh_from_db()
    assert template.subject == "面试邀请：{position}（{round}）"

    response = client.post(url, {"subject": "【智聘】{position} 面试", "body": "{candidate_name}：请于 {start} 到 {place}。{link}"})
    assert response.status_code == 302
    invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    payload = invitation_of(interview).data
    assert payload["subject"] == "【智聘】销售经理 面试"
    assert payload["body"].startswith("王小明：请于 ")


def test_interviewer_cannot_edit_templates(client, sandbox, interview, users):  # noqa: F811
    message_templates.ensure_default_templates()
    template = MessageTemplate.objects.first()
    client.force_login(users["interviewer"])
    assert client.post(reverse("wecom:template_edit", args=[template.pk]), {"subject": "x", "body": "y"}).status_code == 403


# --- channel routing -------------------------------------------------------------------------------------


def test_without_wecom_everything_goes_to_the_sandbox(sandbox, interview, users):  # noqa: F811
    candidate = interview.application.candidate
    assert candidate_route(candidate).channel == "sandbox"
    assert candidate_route(candidate).payload_shape == "email"
    assert staff_route(users["interviewer"]).channel == "sandbox"
    assert staff_route(users["interviewer"]).address == "iv_wang"


def test_candidate_routing_with_wecom_configured(fake, interview, users):  # noqa: F811
    candidate = interview.application.candidate
    assert candidate_route(candidate).channel == "email"  # not a WeCom customer: e-mail first
    CandidateContact.objects.create(candidate=candidate, external_userid="wmEXT001", recruiter_userid="hr_zhang")
    route = candidate_route(candidate)
    assert (route.channel, route.address, route.sender) == ("wecom_customer", "wmEXT001", "hr_zhang")

    phone_only = Candidate.objects.create(name="只有电话", phone="13811112222")
    assert (candidate_route(phone_only).channel, candidate_route(phone_only).address) == ("sms", "13811112222")
    assert candidate_route(Candidate.objects.create(name="无联系方式")) is None


def test_staff_routing_with_wecom_configured(fake, interview, users):  # noqa: F811
    route = staff_route(users["interviewer"])
    assert (route.channel, route.address) == ("wecom_app", "iv_wang")
    assert staff_route(users["finance"]) is None  # no WeCom account: cannot be reached


def test_phone_only_candidate_gets_a_short_sms(fake, interview, users, capsys, django_capture_on_commit_callbacks):  # noqa: F811
    candidate = interview.application.candidate
    candidate.email = ""
    candidate.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    message = invitation_of(interview)
    assert (message.channel, message.status) == ("sms", "sent")
    assert "面试邀请：销售经理（初面）：" in capsys.readouterr().out


def test_an_english_sms_has_english_punctuation(fake, interview, users, capsys, django_capture_on_commit_callbacks):  # noqa: F811
    candidate = interview.application.candidate
    candidate.email = ""
    candidate.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions(language="en"))
    message = invitation_of(interview)
    assert (message.channel, message.status) == ("sms", "sent")
    text = message.payload["sms_text"] if "sms_text" in message.payload else capsys.readouterr().out
    assert "Sales Manager" in text and not any(mark in text for mark in "：，。")


def test_linked_candidate_gets_a_customer_contact_message(fake, interview, users, django_capture_on_commit_callbacks):  # noqa: F811
    fake.add_customer("hr_zhang", "wmEXT001")
    CandidateContact.objects.create(
        candidate=interview.application.candidate, external_userid="wmEXT001", recruiter_userid="hr_zhang",
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    message = invitation_of(interview)
    assert (message.channel, message.status) == ("wecom_customer", "sent")
    task = fake.group_messages[message.msgid]
    assert task["sender"] == "hr_zhang"
    assert task["content"].startswith("面试邀请：销售经理（初面）")
    assert task["attachments"][0]["link"]["url"].startswith("https://hr.example.com/wecom/i/")


# --- the send page ---------------------------------------------------------------------------------------


def test_send_page_previews_then_queues_everything_once(client, fake, interview, users, django_capture_on_commit_callbacks):  # noqa: F811
    client.force_login(users["hr"])
    url = reverse("wecom:send_invitations", args=[interview.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "面试邀请：销售经理（初面）" in html and "email" in html and "wecom_app" in html
    assert OutboxMessage.objects.count() == 0  # a preview sends nothing

    data = {"language": "zh-hans", "materials": "身份证", "contact": "张HR 021-5555"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:interview_detail", args=[interview.pk])
    kinds = sorted(OutboxMessage.objects.values_list("kind", flat=True))
    assert kinds == ["interviewer_card", "invitation", "reminder", "reminder"]

    # the candidate's e-mail (with the calendar invitation) and the interviewer's card really went out
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["xiaoming@example.com"] and "联系人：张HR 021-5555" in email.body
    assert any("text/calendar" in part.get_content_type() for part in email.message().walk())
    [card] = fake.messages_to("iv_wang")
    assert card["msgtype"] == "template_card"
    assert [b["text"] for b in card["template_card"]["button_list"]] == ["确认参加", "无法参加"]

    # pressing again (or a reload of the POST) queues nothing new
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert OutboxMessage.objects.count() == 4
    assert len(mail.outbox) == 1 and len(fake.messages_to("iv_wang")) == 1
    for message in OutboxMessage.objects.all():
        send_outbox_message(message.pk)  # a repeated job is harmless too
    assert len(mail.outbox) == 1 and len(fake.messages_to("iv_wang")) == 1


def test_send_page_is_for_recruiters_only(client, sandbox, interview, users):  # noqa: F811
    client.force_login(users["interviewer"])
    assert client.post(reverse("wecom:send_invitations", args=[interview.pk]), {"language": "zh-hans"}).status_code == 403
    assert OutboxMessage.objects.count() == 0


def test_interview_page_shows_the_messages_to_hr_only(client, sandbox, interview, users):  # noqa: F811
    invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    client.force_login(users["hr"])
    html = client.get(reverse("interviews:interview_detail", args=[interview.pk])).content.decode()
    assert "消息与回复" in html and "面试邀请" in html and "面试官确认卡片" in html
    client.force_login(users["interviewer"])
    html = client.get(reverse("interviews:interview_detail", args=[interview.pk])).content.decode()
    assert "消息与回复" not in html
