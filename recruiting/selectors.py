"""Reads of the recruiting pages, always scoped through recruiting.access and query-count-safe:
a page of N rows costs the same number of queries as a page of one row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from hrportal import crypto, display_names, policy
from recruiting import access, pipeline
from recruiting.models import (
    Application,
    ApplicationStageChange,
    Candidate,
    Position,
    PositionCompetency,
    Skill,
)
from recruiting.pipeline import Stage

CANDIDATES_PER_PAGE = 25
POSITIONS_PER_PAGE = 25
BOARD_CARDS_PER_COLUMN = 12  # newest cards per column; "更多" pages through the rest (docs/benchmarks.md)

_PHONE_LIKE = re.compile(r"^\+?[\d\s-]{7,20}$")

# Columns the board and candidate cards need; everything else (resume text, encrypted contact data) stays
# in the database, which also spares decrypting fields nobody looks at.
_CARD_FIELDS = (
    "id", "stage", "applied_at", "stage_changed_at", "screening_score", "source", "source_detail",
    "candidate__id", "candidate__name", "candidate__city", "candidate__current_title",
    "position__id", "position__code", "position__title_zh", "position__title_en",
)


# --- positions -------------------------------------------------------------------------------------


def positions_in_scope(user) -> QuerySet[Position]:
    return access.positions_for(user).select_related("department").order_by("code")


def position_list(user, *, q: str = "", status: str = "", with_applicants: bool = True) -> QuerySet[Position]:
    qs = positions_in_scope(user)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(title_zh__icontains=q) | Q(title_en__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if with_applicants:
        qs = qs.annotate(
            applicant_count=Count("applications", distinct=True),
            active_count=Count(
                "applications", filter=Q(applications__stage__in=pipeline.ACTIVE_STAGES), distinct=True
            ),
        )
    return qs


def paginate(queryset, page_number, per_page: int) -> Page:
    return Paginator(queryset, per_page).get_page(page_number)


def position_dimensions(position: Position) -> list[PositionCompetency]:
    return list(
        position.position_competencies.select_related("competency").prefetch_related("must_have_skills").order_by(
            "order", "id"
        )
    )


def stage_counts(applications: QuerySet[Application]) -> list[dict]:
    """[{'stage': 'new', 'label': '新投递', 'count': 3, 'historical': 0}, …] in pipeline order, zero stages
    included. ``count`` is live applications only; historical imported ones are counted apart (one query)."""
    counts: dict[tuple[str, bool], int] = {
        (stage, historical): n for stage, historical, n in
        applications.order_by().values("stage", "is_historical").annotate(n=Count("id"))
        .values_list("stage", "is_historical", "n")
    }
    return [
        {"stage": s.value, "label": s.label, "count": counts.get((s.value, False), 0),
         "historical": counts.get((s.value, True), 0)}
        for s in pipeline.BOARD_STAGES
    ]


# --- candidates ------------------------------------------------------------------------------------


def contact_query_kind(q: str) -> str:
    """"email" or "phone" when the search text is an e-mail address or a phone number, else ""."""
    q = (q or "").strip()
    if "@" in q:
        return "email"
    if _PHONE_LIKE.match(q):
        return "phone"
    return ""


def may_search_contact(user) -> bool:
    """Exact-match search on phone and e-mail (the blind index) is for the roles that see them unmasked:
    for anyone else it would confirm a guessed middle of 152****5619 (issue 14 item 1)."""
    return policy.can(user, "view_candidate_contact")


def candidate_search(
    user, *, q: str = "", position: Position | None = None, stage: str = "", source: str = "", city: str = ""
) -> QuerySet[Candidate]:
    """Scoped candidates matching the filters, each with ``visible_applications`` (scoped, with positions)
    prefetched: one query for the page, one for all its applications.

    A phone number or e-mail address in ``q`` matches through the blind index only for users who may see
    contact data unmasked; for others it is matched against names only, so it never confirms a guess."""
    qs = access.candidates_for(user)
    q = (q or "").strip()
    if q:
        match = Q(name__icontains=q)
        kind = contact_query_kind(q)
        if kind and may_search_contact(user):
            match |= Q(**{f"{kind}_hash": crypto.blind_index(q, kind=kind)})
        qs = qs.filter(match)
    if position is not None or stage:
        apps = access.applications_for(user)
        if position is not None:
            apps = apps.filter(position=position)
        if stage:
            apps = apps.filter(stage=stage)
        qs = qs.filter(pk__in=apps.values("candidate_id"))
    if source:
        qs = qs.filter(source=source)
    if city:
        qs = qs.filter(city__icontains=city.strip())
    visible = (
        access.applications_for(user)
        .select_related("position")
        .only("id", "stage", "applied_at", "candidate_id", "position__id", "position__code", "position__title_zh", "position__title_en")
        .order_by("-applied_at", "-id")
    )
    return (
        qs.defer("resume_text", "id_number", "expected_salary")
        .prefetch_related(Prefetch("applications", queryset=visible, to_attr="visible_applications"))
        .order_by("-created_at", "-id")
    )


def candidate_applications(user, candidate: Candidate) -> list[Application]:
    """The candidate's applications the user may see, with positions and the stage history (who/when/why)."""
    history = ApplicationStageChange.objects.select_related("changed_by").order_by("at", "id")
    return list(
        access.applications_for(user)
        .filter(candidate=candidate)
        .select_related("position", "position__department", "referrer")
        .prefetch_related(Prefetch("stage_history", queryset=history))
        .order_by("-applied_at", "-id")
    )


# --- board ------------------------------------------------------------------------------------------


@dataclass
class BoardColumn:
    stage: str
    label: str
    count: int
    page: int
    cards: list[Application] = field(default_factory=list)
    per_page: int = BOARD_CARDS_PER_COLUMN

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.count

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def next_page(self) -> int:
        return self.page + 1

    @property
    def previous_page(self) -> int:
        return self.page - 1

    @property
    def page_param(self) -> str:
        return f"p_{self.stage}"

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.count else 0

    @property
    def last_index(self) -> int:
        return min(self.count, self.page * self.per_page)


def _page_number(raw) -> int:
    try:
        return max(1, int(raw))
    except (TypeError, ValueError):
        return 1


def board_columns(
    user, *, position: Position | None = None, pages: dict | None = None, per_column: int = BOARD_CARDS_PER_COLUMN
) -> list[BoardColumn]:
    """One column per pipeline stage: its count and one page of its newest cards.

    Costs one counting query plus one query per stage, whatever the number of applications.
    """
    pages = pages or {}
    apps = access.applications_for(user)
    if position is not None:
        apps = apps.filter(position=position)
    counts = dict(apps.order_by().values("stage").annotate(n=Count("id")).values_list("stage", "n"))
    cards = apps.select_related("candidate", "position").only(*_CARD_FIELDS).order_by("-applied_at", "-id")
    columns = []
    for stage in pipeline.BOARD_STAGES:
        count = counts.get(stage.value, 0)
        last_page = max(1, -(-count // per_column))
        page = min(_page_number(pages.get(f"p_{stage.value}")), last_page)
        column = BoardColumn(stage=stage.value, label=Stage(stage).label, count=count, page=page, per_page=per_column)
        if count:
            start = (page - 1) * per_column
            column.cards = list(cards.filter(stage=stage.value)[start : start + per_column])
        columns.append(column)
    return columns


# --- dashboard -------------------------------------------------------------------------------------


def open_positions(user, *, with_applicants: bool, limit: int = 10) -> tuple[list[Position], int]:
    qs = positions_in_scope(user).filter(status=Position.Status.OPEN)
    total = qs.count()
    if with_applicants:
        qs = qs.annotate(
            active_count=Count(
                "applications", filter=Q(applications__stage__in=pipeline.ACTIVE_STAGES,
                                         applications__is_historical=False), distinct=True
            )
        )
    urgency = Case(
        *(When(priority=value, then=Value(rank)) for rank, value in enumerate(reversed(Position.Priority.values))),
        output_field=IntegerField(),
    )
    return list(qs.order_by(urgency, "code")[:limit]), total


def recent_stage_changes(user, *, limit: int = 10) -> list[ApplicationStageChange]:
    return list(
        # live activity only: the history import's moves are past decisions, not this week's work
        ApplicationStageChange.objects.filter(application__in=access.applications_for(user).filter(
            is_historical=False).values("pk"))
        .select_related("application__candidate", "application__position", "changed_by")
        .only(
            "id", "from_stage", "to_stage", "reason", "at",
            "application__id", "application__candidate__id", "application__candidate__name",
            "application__position__id", "application__position__title_zh", "application__position__title_en",
            "changed_by__id", "changed_by__username", "changed_by__first_name", "changed_by__last_name",
        )
        .order_by("-at", "-id")[:limit]
    )


def required_sensitive(candidate: Candidate) -> frozenset[str]:
    """The sensitive kinds some position of the candidate's applications requires with a recorded reason."""
    kinds: set[str] = set()
    for position in Position.objects.filter(applications__candidate=candidate).exclude(sensitive_reason="").distinct():
        kinds |= position.required_sensitive()
    return frozenset(kinds)


def skill_display_names(names=None) -> dict[str, str]:
    """Skill names as the screening engine stores them (the lexicon's canonical ``Skill.name``) → the name to
    show in the active language (hrportal.display_names); every skill of the lexicon when ``names`` is None.
    Names that are not in the lexicon are left out; callers show them as they are. One query (none for no
    names)."""
    skills = Skill.objects.all()
    if names is not None:
        wanted = {name for name in names if name}
        if not wanted:
            return {}
        skills = skills.filter(name__in=wanted)
    return {row["name"]: display_names.display_name(row) for row in skills.values("name", "name_en")}
