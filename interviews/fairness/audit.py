"""The bias audit over the database: one row per application (what it reached, its screening score and the
candidate's consented self-identification), handed to the pure ``rates``. One query.

Measures (docs/learning.md "Bias audit"):
- ``shortlist`` — considered: applications decided at screening (reached the shortlist, or rejected before
  it); selected: reached the shortlist.
- ``interview`` — considered: applications that reached interviewing and were decided (reached offer, or
  rejected after interviewing); selected: reached offer (the interview pass rate).
- ``offer`` — considered: every application decided at any stage (reached offer, or rejected); selected:
  received an offer.
- ``screening_score`` — LL144 scoring rate of the screening engine's score (above the whole sample's median).

"Reached" reads the stage history as well as the current stage, so a candidate rejected after the shortlist
counts as shortlisted. Candidates withdrawn before a decision are not considered. A category is the
candidate's self-identified value **only when the self-identification has consent** (``consent_at``);
everyone else, and "prefer not to say", is ``unknown``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from hrportal.lazy_imports import LazyModule
from interviews.fairness import rates
from interviews.models.fairness import UNDISCLOSED, AgeBand, Gender, SchoolTier
from recruiting.models import Application, ApplicationStageChange
from recruiting.pipeline import Stage

pd = LazyModule("pandas")  # imported at first use: Django start-up stays light

ATTRIBUTES = ("gender", "age_band", "school_tier")
ATTRIBUTE_CHOICES = {"gender": Gender, "age_band": AgeBand, "school_tier": SchoolTier}
REACHED_SHORTLIST = (Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER, Stage.HIRED, Stage.OFFER_DECLINED)
REACHED_INTERVIEW = (Stage.INTERVIEWING, Stage.OFFER, Stage.HIRED, Stage.OFFER_DECLINED)
REACHED_OFFER = (Stage.OFFER, Stage.HIRED, Stage.OFFER_DECLINED)
MEASURES = ("shortlist", "interview", "offer", "screening_score")
SELECTED = {"shortlist": "reached_shortlist", "interview": "reached_offer", "offer": "reached_offer"}


def _reached(stages) -> Q | Exists:
    return Q(stage__in=stages) | Q(Exists(ApplicationStageChange.objects.filter(
        application_id=OuterRef("pk"), to_stage__in=stages)))


def application_frame(applications=None) -> pd.DataFrame:
    """One row per application: gender, age_band, school_tier (``unknown`` without consent), rejected,
    reached_shortlist / reached_interview / reached_offer, screening_score."""
    applications = Application.objects.all() if applications is None else applications
    consented = Q(candidate__self_identification__consent_at__isnull=False)
    rows = (
        applications.order_by()
        .annotate(
            reached_shortlist=Q(_reached(REACHED_SHORTLIST)),
            reached_interview=Q(_reached(REACHED_INTERVIEW)),
            reached_offer=Q(_reached(REACHED_OFFER)),
            consented=consented,
        )
        .values_list("stage", "screening_score", "reached_shortlist", "reached_interview", "reached_offer",
                     "consented", "candidate__self_identification__gender",
                     "candidate__self_identification__age_band", "candidate__self_identification__school_tier")
    )
    frame = pd.DataFrame.from_records(
        list(rows.iterator(chunk_size=5000)),
        columns=["stage", "screening_score", "reached_shortlist", "reached_interview", "reached_offer", "consented",
                 *ATTRIBUTES],
    )
    for attribute in ATTRIBUTES:
        values = frame[attribute].where(frame["consented"].astype(bool) & frame[attribute].notna(), rates.UNKNOWN)
        frame[attribute] = values.replace({UNDISCLOSED: rates.UNKNOWN})
    rejected = frame["stage"] == Stage.REJECTED
    frame["screening_score"] = pd.to_numeric(frame["screening_score"], errors="coerce")
    for column in ("reached_shortlist", "reached_interview", "reached_offer"):
        frame[column] = frame[column].astype(bool)
    frame["shortlist_considered"] = frame["reached_shortlist"] | rejected
    frame["interview_considered"] = frame["reached_interview"] & (frame["reached_offer"] | rejected)
    frame["offer_considered"] = frame["reached_offer"] | rejected
    return frame


@dataclass
class AuditResult:
    tables: list[rates.ImpactTable] = field(default_factory=list)
    applications: int = 0
    consented: int = 0
    seconds: float = 0.0

    @property
    def flags(self) -> list[tuple[rates.ImpactTable, rates.CategoryRate]]:
        return [(t, c) for t in self.tables for c in t.flags]

    def to_dict(self) -> dict:
        return {"applications": self.applications, "consented": self.consented, "seconds": round(self.seconds, 3),
                "tables": [t.to_dict() for t in self.tables], "min_share": rates.MIN_SHARE,
                "threshold": rates.THRESHOLD}


def compute(applications=None) -> AuditResult:
    started = time.perf_counter()
    frame = application_frame(applications)
    result = AuditResult(applications=len(frame), consented=int(frame["consented"].astype(bool).sum()) if len(frame) else 0)
    if len(frame):
        for measure, selected in SELECTED.items():
            result.tables += rates.selection_tables(frame, measure=measure, considered=f"{measure}_considered",
                                                    selected=selected, attributes=ATTRIBUTES)
        result.tables += rates.scoring_tables(frame, measure="screening_score", score="screening_score",
                                              attributes=ATTRIBUTES)
    result.seconds = time.perf_counter() - started
    return result
