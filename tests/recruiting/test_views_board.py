"""Application board: columns per stage, only legal moves on each card, htmx moves, refused moves,
double clicks, scoping and a query count independent of the number of applications."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrportal.models import AuditLog
from recruiting import pipeline
from recruiting.models import Application, ApplicationStageChange, Candidate
from recruiting.pipeline import Stage
from recruiting.selectors import BOARD_CARDS_PER_COLUMN

pytestmark = pytest.mark.django_db


class CardMoves(HTMLParser):
    """{application id: set of to_stage values offered on its card} (submit buttons and select options)."""

    def __init__(self):
        super().__init__()
        self.moves: dict[int, set[str]] = {}
        self.columns: dict[str, list[int]] = {}
        self._card = None
        self._column = None
        self._depth = 0
        self._in_to_stage_select = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "data-stage" in a:
            self._column = a["data-stage"]
            self.columns[self._column] = []
        if tag == "article" and "data-application" in a:
            self._card = int(a["data-application"])
            self.moves[self._card] = set()
            self.columns.setdefault(self._column, []).append(self._card)
        if self._card is None:
            return
        if tag in ("input", "button") and a.get("name") == "to_stage":
            self.moves[self._card].add(a["value"])
        if tag == "select" and a.get("name") == "to_stage":
            self._in_to_stage_select = True
        if tag == "option" and self._in_to_stage_select:
            self.moves[self._card].add(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._in_to_stage_select = False
        if tag == "article":
            self._card = None


def parse_board(response) -> CardMoves:
    parser = CardMoves()
    parser.feed(response.content.decode())
    return parser


def put_in_stage(application, stage, user):
    path = {
        Stage.NEW: [], Stage.SCREENING: [Stage.SCREENING], Stage.SHORTLISTED: [Stage.SHORTLISTED],
        Stage.INTERVIEWING: [Stage.SHORTLISTED, Stage.INTERVIEWING],
        Stage.OFFER: [Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER],
        Stage.HIRED: [Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER, Stage.HIRED],
        Stage.REJECTED: [Stage.REJECTED],
    }[stage]
    for step in path:
        application.set_stage(step, by=user, reason="测试")


def test_every_card_offers_exactly_the_legal_moves_of_its_stage(client, users, ehr):
    stages = [Stage.NEW, Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER, Stage.HIRED, Stage.REJECTED]
    apps = {}
    for stage in stages:
        candidate = Candidate.objects.create(name=f"候选{stage}")
        app = Application.objects.create(candidate=candidate, position=ehr["position"])
        put_in_stage(app, stage, users["hr"])
        apps[stage] = app
    client.force_login(users["hr"])
    board = parse_board(client.get(reverse("recruiting:application_board")))
    for stage, app in apps.items():
        assert board.moves[app.pk] == set(pipeline.allowed_moves(stage)), stage
        assert app.pk in board.columns[stage]
    assert board.moves[apps[Stage.HIRED].pk] == set()
    assert Stage.OFFER not in board.moves[apps[Stage.REJECTED].pk]
    assert set(board.columns) == {s.value for s in pipeline.BOARD_STAGES}


def test_reason_required_moves_ask_for_a_reason(client, users, ehr):
    client.force_login(users["hr"])
    body = client.get(reverse("recruiting:application_board")).content.decode()
    assert 'name="reason" required' in body


def test_htmx_move_changes_the_stage_records_history_and_audits(client, users, ehr):
    app = ehr["application"]
    client.force_login(users["hr"])
    response = client.post(
        reverse("recruiting:application_move", args=[app.pk]),
        {"to_stage": "screening", "from_stage": "new"}, HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204 and response["HX-Refresh"] == "true"
    app.refresh_from_db()
    assert app.stage == Stage.SCREENING
    assert list(ApplicationStageChange.objects.filter(application=app).values_list("from_stage", "to_stage")) == [
        ("new", "screening")]
    entry = AuditLog.objects.get(action="change", object_type="recruiting.Application")
    assert entry.actor == users["hr"] and entry.fields == ["stage"]
    # The reloaded board shows the confirmation message.
    assert "已转到“筛选中”" in client.get(reverse("recruiting:application_board")).content.decode()


def test_illegal_move_is_refused_with_a_message_and_records_nothing(client, users, ehr):
    app = ehr["application"]
    client.force_login(users["hr"])
    url = reverse("recruiting:application_move", args=[app.pk])
    response = client.post(url, {"to_stage": "hired", "from_stage": "new"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    body = response.content.decode()
    assert "不能从“新投递”转到“已入职”" in body
    assert f'data-application="{app.pk}"' in body  # the card comes back, with its legal moves
    response = client.post(url, {"to_stage": "hired", "from_stage": "new"}, follow=True)
    assert "不能从“新投递”转到“已入职”" in response.content.decode()
    assert not ApplicationStageChange.objects.filter(application=app).exists()
    assert not AuditLog.objects.filter(action="change").exists()
    assert Application.objects.get(pk=app.pk).stage == Stage.NEW


def test_rejection_without_reason_is_refused(client, users, ehr):
    app = ehr["application"]
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:application_move", args=[app.pk]),
                           {"to_stage": "rejected", "from_stage": "new", "reason": " "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409 and "需要填写原因" in response.content.decode()
    response = client.post(reverse("recruiting:application_move", args=[app.pk]),
                           {"to_stage": "rejected", "from_stage": "new", "reason": "经验不足"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert ApplicationStageChange.objects.get(application=app).reason == "经验不足"


def test_double_click_moves_once(client, users, ehr):
    app = ehr["application"]
    client.force_login(users["hr"])
    url = reverse("recruiting:application_move", args=[app.pk])
    first = client.post(url, {"to_stage": "screening", "from_stage": "new"}, HTTP_HX_REQUEST="true")
    second = client.post(url, {"to_stage": "screening", "from_stage": "new"}, HTTP_HX_REQUEST="true")
    assert first.status_code == 204
    assert second.status_code == 409 and "重复的操作没有执行" in second.content.decode()
    assert ApplicationStageChange.objects.filter(application=app).count() == 1
    assert AuditLog.objects.filter(action="change").count() == 1


def test_stale_card_is_refused_even_when_the_move_would_be_legal_now(client, users, ehr):
    app = ehr["application"]
    client.force_login(users["hr"])
    url = reverse("recruiting:application_move", args=[app.pk])
    client.post(url, {"to_stage": "screening", "from_stage": "new"}, HTTP_HX_REQUEST="true")
    # A second tab still shows the card in "new" and clicks "shortlisted": legal from screening too, but stale.
    response = client.post(url, {"to_stage": "shortlisted", "from_stage": "new"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409 and "刷新" in response.content.decode()
    assert ApplicationStageChange.objects.filter(application=app).count() == 1


def test_move_is_post_only(client, users, ehr):
    client.force_login(users["hr"])
    assert client.get(reverse("recruiting:application_move", args=[ehr["application"].pk])).status_code == 405


def test_non_htmx_move_redirects_to_a_local_next_only(client, users, ehr):
    app = ehr["application"]
    client.force_login(users["hr"])
    detail = reverse("recruiting:candidate_detail", args=[ehr["candidate"].pk])
    response = client.post(reverse("recruiting:application_move", args=[app.pk]),
                           {"to_stage": "screening", "from_stage": "new", "next": detail})
    assert response.status_code == 302 and response["Location"] == detail
    response = client.post(reverse("recruiting:application_move", args=[app.pk]),
                           {"to_stage": "shortlisted", "from_stage": "screening", "next": "https://evil.example/"})
    assert response["Location"] == reverse("recruiting:application_board")


def test_manager_board_and_moves_are_scoped_to_the_department(client, users, ehr):
    client.force_login(users["manager"])
    board = parse_board(client.get(reverse("recruiting:application_board")))
    assert ehr["application"].pk in board.moves and ehr["rd_application"].pk not in board.moves
    response = client.post(reverse("recruiting:application_move", args=[ehr["rd_application"].pk]),
                           {"to_stage": "screening"})
    assert response.status_code == 403
    assert client.get(reverse("recruiting:application_board"), {"position": ehr["rd_position"].pk}).status_code == 403
    response = client.post(reverse("recruiting:application_move", args=[ehr["application"].pk]),
                           {"to_stage": "screening", "from_stage": "new"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204


def test_position_filter_and_column_paging(client, users, ehr):
    for i in range(BOARD_CARDS_PER_COLUMN + 5):
        Application.objects.create(candidate=Candidate.objects.create(name=f"批量{i:02d}"), position=ehr["position"])
    client.force_login(users["hr"])
    url = reverse("recruiting:application_board")
    board = parse_board(client.get(url, {"position": ehr["position"].pk}))
    per_page, total = BOARD_CARDS_PER_COLUMN, BOARD_CARDS_PER_COLUMN + 6  # + the fixture's application
    assert len(board.columns["new"]) == per_page and ehr["rd_application"].pk not in board.moves
    response = client.get(url, {"position": ehr["position"].pk, "p_new": 2})
    board = parse_board(response)
    assert len(board.columns["new"]) == 6
    assert f"{per_page + 1}–{total} / {total}" in response.content.decode()


def count_board_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_board_query_count_does_not_depend_on_applications(client, users, ehr):
    client.force_login(users["hr"])
    url = reverse("recruiting:application_board")

    def add(n, prefix):
        for i in range(n):
            app = Application.objects.create(candidate=Candidate.objects.create(name=f"{prefix}{i}"), position=ehr["position"])
            if i % 3 == 1:
                app.set_stage(Stage.SCREENING, by=users["hr"])
            elif i % 3 == 2:
                put_in_stage(app, Stage.INTERVIEWING, users["hr"])

    add(3, "少")  # 5 applications with the fixture's two
    few, response = count_board_queries(client, url)
    assert sum(len(c.cards) for c in response.context["columns"]) == 5
    add(27, "多")  # 32 applications: every column still shows all its cards (10 / 11 / 11 per stage)
    many, response = count_board_queries(client, url)
    assert sum(len(c.cards) for c in response.context["columns"]) == 32
    assert many == few, f"{few} queries for 5 applications, {many} for 32"
