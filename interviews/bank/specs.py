"""Model → engine adapter: a recruiting.Position as the question generator's ``PositionSpec``.

``needs_pressure`` is not stored on the competency model (recruiting owns it); it is derived: a dimension
calls for pressure questions when its code, names or evidence keywords mention pressure or resilience
(``PRESSURE_MARKERS``: 抗压/压力/韧性/resilience/stress/pressure). Documented in docs/interviews.md.
"""

from __future__ import annotations

from interviews.engine import CompetencySpec, PositionSpec

PRESSURE_MARKERS = ("抗压", "压力", "韧性", "resilience", "resilient", "stress", "pressure")


def needs_pressure(competency) -> bool:
    """True when the competency's code, names or evidence keywords mention pressure/resilience."""
    words = [competency.code, competency.name_zh, competency.name_en, *(competency.evidence_keywords or [])]
    text = " ".join(str(w) for w in words if w).casefold()
    return any(marker.casefold() in text for marker in PRESSURE_MARKERS)


def position_spec(position) -> PositionSpec:
    """The position's competency model, duties and must-have skills as the generator reads them."""
    rows = (
        position.position_competencies.select_related("competency").prefetch_related("must_have_skills")
        .order_by("order", "id")
    )
    return PositionSpec(
        code=position.code,
        title_zh=position.title_zh,
        title_en=position.title_en,
        duties=position.duties or "",
        competencies=tuple(
            CompetencySpec(
                code=pc.competency.code, name_zh=pc.competency.name_zh, name_en=pc.competency.name_en,
                anchor_1=pc.competency.anchor_1, anchor_3=pc.competency.anchor_3, anchor_5=pc.competency.anchor_5,
                evidence_keywords=tuple(pc.competency.evidence_keywords or ()), weight=pc.weight,
                needs_pressure=needs_pressure(pc.competency),
                skills=tuple(s.name for s in pc.must_have_skills.all()),
            )
            for pc in rows
        ),
    )
