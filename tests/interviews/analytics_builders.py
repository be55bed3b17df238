"""Hand-built applications with known stage paths for the analytics tests: rows stored directly (the set-up must
not depend on the services under test), times in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from recruiting.analytics_facts import store as analytics_store
from recruiting.models import Application, ApplicationStageChange, Candidate
from recruiting.pipeline import Stage

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
RANGE = {"date_from": "2026-03-01", "date_to": "2026-03-31"}
_numbers = itertools.count(1)

HIRED_PATH = (Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER, Stage.HIRED)


def make_app(position, *, path=(), days=(), applied=MARCH, historical=False, source=Application.Source.HR_UPLOAD,
             score=None) -> Application:
    """An application applied at ``applied`` that moved along ``path``, the i-th move ``days[i]`` days after applying."""
    n = next(_numbers)
    candidate = Candidate.objects.create(name=f"候选人{n}")
    final = path[-1] if path else Stage.NEW
    moves = [applied + dt.timedelta(days=d) for d in days]
    app = Application.objects.create(candidate=candidate, position=position, stage=final, applied_at=applied,
                                     stage_changed_at=moves[-1] if moves else applied, is_historical=historical,
                                     source=source, screening_score=score)
    previous, entered = Stage.NEW, applied
    rows = []
    for stage, at in zip(path, moves, strict=True):
        # entered_at by its definition (the move into the stage left, 投递时间 for 新投递), as a bulk writer keeps it
        rows.append(ApplicationStageChange(application=app, from_stage=previous, to_stage=stage, at=at,
                                           entered_at=entered,
                                           reason="测试" if stage in (Stage.REJECTED, Stage.WITHDRAWN) else ""))
        previous, entered = stage, at
    ApplicationStageChange.objects.bulk_create(rows)
    analytics_store.touch([app.pk])  # a bulk writer keeps the analytics' slices (recruiting/analytics_facts)
    return app


def known_company(ehr) -> dict:
    """SM-01 (销售部): five live applications and three historical hires; RD-01 (研发部): two live ones.

    Live funnel of SM-01: 投递 5, 筛选 4, 入围 3, 面试 3, 录用沟通 2, 入职 2. Live times to hire: 11, 7 (SM-01) and
    5 (RD-01) days; historical: 20, 25, 28 days."""
    sm, rd = ehr["position"], ehr["rd_position"]
    apps = {
        "a1": make_app(sm, path=HIRED_PATH, days=(1, 3, 5, 9, 11), source=Application.Source.REFERRAL, score=85),
        "a2": make_app(sm, path=HIRED_PATH, days=(1, 2, 4, 6, 7), source=Application.Source.CAREERS, score=72),
        "a3": make_app(sm, path=(Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.REJECTED), days=(2, 3, 8),
                       source=Application.Source.CAREERS, score=64),
        "a4": make_app(sm, path=(Stage.SCREENING, Stage.REJECTED), days=(2, 4), source=Application.Source.CAREERS,
                       score=31),
        "a5": make_app(sm, source=Application.Source.CAREERS, score=55),
        "b1": make_app(rd, path=HIRED_PATH, days=(1, 2, 3, 4, 5), source=Application.Source.REFERRAL, score=90),
        "b2": make_app(rd, path=(Stage.REJECTED,), days=(1,), source=Application.Source.JOB_BOARD, score=12),
    }
    for i, total in enumerate((20, 25, 28)):
        apps[f"h{i}"] = make_app(sm, path=HIRED_PATH, days=(1, 2, 3, 4, total), applied=MARCH - dt.timedelta(days=1),
                                 historical=True, source=Application.Source.HR_UPLOAD, score=70)
    return apps
