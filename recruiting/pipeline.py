"""The application stage pipeline, declared as data (one home for the rule).

An application only moves along these edges; `Application.set_stage()` refuses anything else. There is
deliberately no edge out of rejected/withdrawn/declined/hired: an offer for a rejected applicant and a
candidate silently turned into an employee are both impossible by construction.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    NEW = "new", _("新投递")
    SCREENING = "screening", _("筛选中")
    SHORTLISTED = "shortlisted", _("已入围")
    INTERVIEWING = "interviewing", _("面试中")
    OFFER = "offer", _("录用沟通")
    HIRED = "hired", _("已入职")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("候选人撤回")
    OFFER_DECLINED = "offer_declined", _("拒绝录用")


TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.NEW: (Stage.SCREENING, Stage.SHORTLISTED, Stage.REJECTED, Stage.WITHDRAWN),
    Stage.SCREENING: (Stage.SHORTLISTED, Stage.REJECTED, Stage.WITHDRAWN),
    Stage.SHORTLISTED: (Stage.INTERVIEWING, Stage.REJECTED, Stage.WITHDRAWN),
    Stage.INTERVIEWING: (Stage.OFFER, Stage.REJECTED, Stage.WITHDRAWN),
    Stage.OFFER: (Stage.HIRED, Stage.OFFER_DECLINED, Stage.WITHDRAWN),
    Stage.HIRED: (),
    Stage.REJECTED: (),
    Stage.WITHDRAWN: (),
    Stage.OFFER_DECLINED: (),
}

# Moves that end a candidacy need a written reason (shown to HR later, explainable to the candidate).
REASON_REQUIRED = frozenset({Stage.REJECTED, Stage.WITHDRAWN, Stage.OFFER_DECLINED})
ACTIVE_STAGES = (Stage.NEW, Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER)
BOARD_STAGES = tuple(Stage)


def allowed_moves(stage: str) -> tuple[str, ...]:
    return TRANSITIONS.get(stage, ())


def is_legal(from_stage: str, to_stage: str) -> bool:
    return to_stage in allowed_moves(from_stage)
