"""The model → engine adapter: builds the screening engine's inputs (skill lexicon, jieba user words,
PositionModel, historically adjusted ComponentWeights) from the recruiting tables.

The engine itself (recruiting.screening) never imports Django; this module is the only place that
knows both sides.
"""

from __future__ import annotations

from django.conf import settings

from recruiting.models import Competency, Position, PositionCompetency, Skill
from recruiting.screening import (
    CompetencySpec,
    PositionModel,
    RequiredSkill,
    ScreeningEngine,
    SkillLexicon,
    normalise,
)

TEXT_SKILL_WEIGHT = 1.0


def lexicon_from_database(*, fallback_to_demo: bool = True) -> SkillLexicon:
    """The Skill table as a lexicon. A fresh installation without skills falls back to the demo lexicon
    (recruiting.demo.skills) so that screening still finds the common skills."""
    entries = [(name, aliases or []) for name, aliases in Skill.objects.order_by("name").values_list("name", "aliases")]
    if not entries and fallback_to_demo:
        from recruiting.demo.skills import SKILLS

        entries = [(name, list(aliases)) for name, _, aliases in SKILLS]
    return SkillLexicon.from_entries(entries)


def competency_user_words() -> list[str]:
    """Every competency's name and evidence keywords, and every position title: with the lexicon this is
    the jieba user dictionary, the same for every position so segmentation never depends on order."""
    words: list[str] = []
    for name_zh, keywords in Competency.objects.order_by("code").values_list("name_zh", "evidence_keywords"):
        words.append(name_zh)
        words.extend(str(k) for k in (keywords or []))
    words.extend(Position.objects.order_by("code").values_list("title_zh", flat=True))
    return words


def build_engine(*, similarity_mode: str = "match") -> ScreeningEngine:
    return ScreeningEngine(
        lexicon_from_database(),
        user_words=competency_user_words(),
        similarity_mode=similarity_mode,
        cache_dir=settings.SCREENING_CACHE_DIR or None,
    )


def position_model(position: Position, lexicon: SkillLexicon) -> PositionModel:
    """The position's model: must-have skills of its competency dimensions (weight 2), skills named in
    its duties and requirements (weight 1), minimum years and education, the weighted competency model
    with evidence keywords, and title + duties + requirements as the text to compare resumes with."""
    dimensions = list(
        PositionCompetency.objects.filter(position=position)
        .select_related("competency")
        .prefetch_related("must_have_skills")
        .order_by("order", "id")
    )
    required: dict[str, RequiredSkill] = {}
    for dimension in dimensions:
        for skill in dimension.must_have_skills.all():
            name = lexicon.canonical(skill.name) or skill.name
            required[name] = RequiredSkill(name, weight=2.0, must_have=True, name_en=skill.name_en)
    text_parts = [position.title_zh, position.title_en, position.duties, position.requirements]
    text = "\n".join(part for part in text_parts if part)
    named = lexicon.skills_in(normalise("\n".join([position.duties, position.requirements])))
    english = dict(Skill.objects.filter(name__in=named).exclude(name_en="").values_list("name", "name_en"))
    for name in named:
        required.setdefault(name, RequiredSkill(name, weight=TEXT_SKILL_WEIGHT, name_en=english.get(name, "")))
    competencies = tuple(
        CompetencySpec(
            code=d.competency.code,
            name_zh=d.competency.name_zh,
            name_en=d.competency.name_en,
            weight=float(d.weight),
            evidence_keywords=tuple(str(k) for k in (d.competency.evidence_keywords or [])),
        )
        for d in dimensions
    )
    return PositionModel(
        code=position.code,
        title_zh=position.title_zh,
        title_en=position.title_en,
        required_skills=tuple(required.values()),
        min_years=float(position.min_years or 0),
        min_education=position.min_education or None,
        competencies=competencies,
        text=text,
    )
