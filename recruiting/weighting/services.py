"""Historical weighting (issue 3, item 5): learn a position's screening weights from how its past hires
performed, keep them as versioned ``ScreeningWeightSet`` rows, and say in words what the history shows.

- ``hire_samples`` collects the past hires (hired application → Employee with reviews → resume text on
  file): the engine's component scores under the current model, readable screening features, and the
  average review score. ``historical_adjustment`` (weights for one scoring pass, nothing stored) uses it too.
- The weight rule itself lives once, in ``recruiting.screening.historical_weights`` (ridge regression +
  shrinkage by n/(n+k)); this module calls it with the configured minimum ``SCREENING_MIN_HIRES``.
- ``prevalence_insights`` compares well-performing hires with the others per readable feature.
- ``refit_position_weights`` (job-safe, idempotent) stores version N+1 when the result differs from the
  active set; ``schedule_refit`` enqueues it with one job id per position; ``active_weights`` is what
  screening uses. See docs/weighting.md.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hrportal import policy, queues
from hrportal.display_names import display_name
from recruiting.engine_inputs import build_engine, position_model
from recruiting.models import Application, Position, ScreeningWeightSet
from recruiting.pipeline import Stage
from recruiting.screening import (
    DEFAULT_WEIGHTS,
    ComponentWeights,
    PositionModel,
    ScreeningEngine,
    historical_weights,
)
from recruiting.screening.degrees import DEGREE_RANK
from recruiting.screening.model import COMPONENT_NAMES, COMPONENTS, WeightInsight
from recruiting.screening.normalise import to_half_width

log = logging.getLogger(__name__)

DEFAULT_MIN_HIRES = 30
SHRINK_K = 30  # effective = configured + n/(n + SHRINK_K) · (learned − configured)
RIDGE_ALPHA = None  # None: chosen by leave-one-out CV among screening.scoring.RIDGE_ALPHAS
MIN_EFFECT = 0.15  # |standardised ridge coefficient| below this counts as no effect
WELL_PERFORMING_PERCENTILE = 60
MAX_PREVALENCE_INSIGHTS = 5
MIN_PREVALENCE_GAP = 0.10  # a feature is worth a sentence when the two groups differ by ≥ 10 points
TEAM_YEARS = 3
TEAM_SIZE = 5
METHOD_FITTED = "ridge+shrinkage/v1"
METHOD_CONFIGURED = "configured"

DEGREE_EN = {"中专/高中": "secondary school", "大专": "junior college", "本科": "bachelor's", "硕士": "master's",
             "博士": "doctoral"}

# Years of managing a team, as resumes state it ("累计带团队4年", "4年团队管理经验", "团队管理经验4年",
# "led a team of 12 people for 4 years", "4 years of people management"). The parser reports only the
# largest team (team_size_max); the duration is read here, on the half-width text.
_TEAM_YEARS_PATTERNS = (  # [ \t] rather than \s: a number on the line before ("工作年限：10年") is not it
    re.compile(r"带(?:领)?团队[ \t]*(\d{1,2})[ \t]*年"),
    re.compile(r"(\d{1,2})[ \t]*年(?:的)?[ \t]*(?:团队管理|带团队|管理)经验"),
    re.compile(r"团队管理(?:经验)?[ \t]*[:：]?[ \t]*(\d{1,2})[ \t]*年"),
    re.compile(r"(?:led|managed|leading|managing)[ \t]+an?[ \t]+team\b[^.\n;]{0,40}?\bfor[ \t]+(\d{1,2})[ \t]+years?", re.I),
    re.compile(r"(\d{1,2})\+?[ \t]+years?[ \t]+of[ \t]+(?:people|team)[ \t]+(?:management|leadership)", re.I),
)


def min_hires() -> int:
    """The configured minimum number of hires with performance data before weights may move."""
    return int(getattr(settings, "SCREENING_MIN_HIRES", DEFAULT_MIN_HIRES))


def team_management_years(text: str) -> int | None:
    """The longest stated time managing a team, in whole years (None when the resume does not say)."""
    text = to_half_width(text or "")
    found = [int(m.group(1)) for pattern in _TEAM_YEARS_PATTERNS for m in pattern.finditer(text)]
    return max(found) if found else None


# --- the past hires --------------------------------------------------------------------------------


@dataclass
class HireSample:
    application_id: int
    components: dict[str, float | None]
    features: dict[str, bool]
    performance: float
    well_performing: bool = False


@dataclass(frozen=True)
class Feature:
    key: str
    text_zh: str
    text_en: str


def _features(position: Position, model, parsed) -> tuple[list[Feature], dict[str, bool]]:
    """Readable screening features of one parsed resume for this position (key → present?)."""
    features: list[Feature] = []
    values: dict[str, bool] = {}

    def add(key: str, zh: str, en: str, value: bool) -> None:
        features.append(Feature(key, zh, en))
        values[key] = bool(value)

    team_years = team_management_years(parsed.text)
    add("team_years", f"具备 {TEAM_YEARS} 年以上团队管理经验", f"had at least {TEAM_YEARS} years of team management",
        (team_years or 0) >= TEAM_YEARS)
    add("team_size", f"管理过 {TEAM_SIZE} 人以上的团队", f"had managed a team of {TEAM_SIZE} or more",
        (parsed.team_size_max or 0) >= TEAM_SIZE)
    if model.min_years > 0:
        years = f"{model.min_years:g}"
        add("min_years", f"工作年限达到 {years} 年", f"had at least {years} years of experience",
            parsed.years_experience >= model.min_years)
    if model.min_education:
        degree = model.min_education
        add("min_education", f"学历达到{degree}及以上", f"held a {DEGREE_EN.get(degree, degree)} degree or higher",
            DEGREE_RANK.get(parsed.highest_degree or "", 0) >= DEGREE_RANK.get(degree, 0))
    skills = set(parsed.skills)
    for name in model.must_have:
        add(f"skill:{name}", f"简历中写明“{name}”技能", f"listed the skill {name}", name in skills)
    return features, values


@dataclass
class HireHistory:
    samples: list[HireSample] = field(default_factory=list)
    features: list[Feature] = field(default_factory=list)
    threshold: float | None = None


def hire_applications(position: Position):
    """The position's hired applications linked to an employee (reviews prefetched)."""
    return (
        Application.objects.filter(position=position, stage=Stage.HIRED, employee__isnull=False)
        .select_related("candidate", "employee")
        .prefetch_related("employee__reviews")
        .order_by("id")
    )


def _average_review(application) -> float | None:
    reviews = list(application.employee.reviews.all())
    if not reviews:
        return None
    return float(sum((r.score for r in reviews), Decimal("0")) / len(reviews))


def count_hires_with_history(position: Position) -> int:
    """Past hires that a fit would use (performance reviews and resume text on file); parses nothing."""
    return sum(
        1 for a in hire_applications(position)
        if _average_review(a) is not None and (a.candidate.resume_text or "").strip()
    )


def hire_samples(position: Position, engine, model, *, base: ComponentWeights = DEFAULT_WEIGHTS) -> HireHistory:
    """Every past hire of the position with performance data and a resume: each resume parsed as of its
    application date ("至今" means the day it was sent) and scored under the current model with the
    configured weights. Well-performing = average review score at or above the 60th percentile of the
    position's hires."""
    import numpy as np

    history = HireHistory()
    for application in hire_applications(position):
        performance = _average_review(application)
        text = application.candidate.resume_text or ""
        if performance is None or not text.strip():
            continue
        parsed = engine.parse(text, as_of=timezone.localtime(application.applied_at).date())
        result = engine.score(parsed, model, base)
        features, values = _features(position, model, parsed)
        history.features = features
        history.samples.append(
            HireSample(
                application_id=application.pk,
                components={c: (result.breakdown[c].score if result.breakdown[c].applicable else None)
                            for c in COMPONENTS},
                features=values,
                performance=performance,
            )
        )
    if history.samples:
        history.threshold = float(np.percentile([s.performance for s in history.samples], WELL_PERFORMING_PERCENTILE))
        for sample in history.samples:
            sample.well_performing = sample.performance >= history.threshold
    return history


def prevalence_insights(position: Position, history: HireHistory) -> list[dict]:
    """Per readable feature, its share among well-performing hires and among the others, as sentences
    (zh and en), largest difference first; at most five, each differing by at least ten points."""
    well = [s for s in history.samples if s.well_performing]
    others = [s for s in history.samples if not s.well_performing]
    if not well or not others:
        return []
    title_zh, title_en = display_name(position, "zh-hans"), display_name(position, "en")
    rows = []
    for feature in history.features:
        share_well = sum(s.features.get(feature.key, False) for s in well) / len(well)
        share_others = sum(s.features.get(feature.key, False) for s in others) / len(others)
        gap = share_well - share_others
        if abs(gap) < MIN_PREVALENCE_GAP:
            continue
        rows.append({
            "kind": "prevalence",
            "feature": feature.key,
            "well": round(share_well, 4),
            "others": round(share_others, 4),
            "n_well": len(well),
            "n_others": len(others),
            "text_zh": (f"我们录用的{title_zh}中，绩效优秀者 {share_well:.0%} {feature.text_zh}，"
                        f"其他人为 {share_others:.0%}。"),
            "text_en": (f"Of the {title_en} hires, {share_well:.0%} of the strong performers {feature.text_en}, "
                        f"versus {share_others:.0%} of the others."),
        })
    rows.sort(key=lambda r: (-abs(r["well"] - r["others"]), r["feature"]))
    return rows[:MAX_PREVALENCE_INSIGHTS]


# --- weight sets -----------------------------------------------------------------------------------


def _weights_from_set(weight_set: ScreeningWeightSet) -> ComponentWeights:
    data = weight_set.weights or {}
    configured = {c: float(v) for c, v in (data.get("configured") or {}).items() if c in COMPONENTS}
    factors = tuple(sorted((c, float(f)) for c, f in (data.get("factors") or {}).items() if c in COMPONENTS))
    insights = tuple(
        WeightInsight(component=i["component"], text_zh=i["text_zh"], text_en=i["text_en"],
                      configured=float(i["configured"]), effective=float(i["effective"]))
        for i in (weight_set.insights or []) if i.get("kind") == "weight"
    )
    return ComponentWeights(**configured, factors=factors, insights=insights, version=set_label(weight_set))


def set_label(weight_set: ScreeningWeightSet) -> str:
    """The weights version a screening result records, e.g. ``SM-01:v2``."""
    return f"{weight_set.position.code}:v{weight_set.version}"


def active_weights(position: Position) -> tuple[ComponentWeights, ScreeningWeightSet | None]:
    """The position's active weight set as engine weights, or DEFAULT_WEIGHTS and None without one."""
    weight_set = ScreeningWeightSet.objects.filter(position=position, is_active=True).select_related("position").first()
    if weight_set is None:
        return DEFAULT_WEIGHTS, None
    return _weights_from_set(weight_set), weight_set


@dataclass
class RefitOutcome:
    """What a fit found (whether or not it was stored)."""

    hires: int
    minimum: int
    adjusted: bool
    weights: ComponentWeights
    insights: list[dict]
    report: dict

    @property
    def method(self) -> str:
        return METHOD_FITTED if self.adjusted else METHOD_CONFIGURED

    def weights_json(self) -> dict:
        data = {
            "configured": {c: round(getattr(self.weights, c), 6) for c in COMPONENTS},
            "factors": {c: round(f, 6) for c, f in self.weights.factors},
            "effective": {c: round(v, 6) for c, v in self.weights.effective().items()},
        }
        data["fingerprint"] = hashlib.sha256(
            json.dumps(
                [self.method, data["effective"], self.hires if self.hires >= self.minimum else None,
                 [i.get("text_zh") for i in self.insights if i.get("kind") == "prevalence"]],
                sort_keys=True,
            ).encode()
        ).hexdigest()[:16]
        return data


# Below SCREENING_MIN_HIRES nothing moves, but from this many hires the prevalence sentences are shown.
PREVALENCE_MIN_HIRES = 10


def compute_position_weights(position: Position, *, engine=None) -> RefitOutcome:
    """Fit the position's weights from its history without storing anything."""
    engine = engine or build_engine()
    model = position_model(position, engine.lexicon)
    base = DEFAULT_WEIGHTS
    minimum = min_hires()
    history = hire_samples(position, engine, model, base=base)
    n = len(history.samples)
    report: dict = {}
    insights: list[dict] = []
    if n < minimum:
        weights = base
        report = {"n": n, "adjusted": False}
        # Descriptive only: HR sees what its better hires had in common before there are enough hires
        # to let that move any weight.
        if n >= PREVALENCE_MIN_HIRES:
            insights = prevalence_insights(position, history)
    else:
        weights = historical_weights(
            base, [(s.components, s.performance) for s in history.samples], min_samples=minimum,
            min_correlation=MIN_EFFECT, shrink=SHRINK_K, alpha=RIDGE_ALPHA, report=report,
        )
        insights = prevalence_insights(position, history)
        insights += [
            {"kind": "weight", "component": i.component, "text_zh": i.text_zh, "text_en": i.text_en,
             "configured": i.configured, "effective": i.effective}
            for i in weights.insights
        ]
    model_row = {
        "kind": "model", "method": METHOD_FITTED if weights.factors else METHOD_CONFIGURED, "hires": n,
        "minimum": minimum, "cv_r2": report.get("cv_r2"), "coefficients": report.get("coefficients", {}),
        "alpha": report.get("alpha"), "shrink": SHRINK_K, "lambda": report.get("lambda", 0.0),
        "well_threshold": None if history.threshold is None else round(history.threshold, 2),
        "well_percentile": WELL_PERFORMING_PERCENTILE,
    }
    insights.append(model_row)
    return RefitOutcome(hires=n, minimum=minimum, adjusted=bool(weights.factors), weights=weights,
                        insights=insights, report=report)


def refit_position_weights(*, position_id: int) -> ScreeningWeightSet | None:
    """Re-fit a position's weights from its hiring history (the RQ job; safe to run twice or concurrently).

    Guarantees: when the fit differs from the active set — or the position has none yet — version N+1 is
    created active and the previous one deactivated in one transaction (the position row is locked, so
    two workers cannot both create N+1); exactly one set is active afterwards. Below the minimum number
    of hires the result is the configured weights, so a position without a set gets a "configured" v1
    and one whose active set already is the configured weights gets nothing new. Returns the new set, or
    None when nothing was stored (the reason is logged).
    """
    position = Position.objects.filter(pk=position_id).first()
    if position is None:
        log.info("refit skipped: position %s no longer exists", position_id)
        return None
    outcome = compute_position_weights(position)
    data = outcome.weights_json()
    with transaction.atomic():
        Position.objects.select_for_update().filter(pk=position.pk).first()
        active = ScreeningWeightSet.objects.filter(position=position, is_active=True).first()
        if active is not None and (active.weights or {}).get("fingerprint") == data["fingerprint"]:
            log.info("refit %s: unchanged (%s hires, minimum %s); v%s stays active",
                     position.code, outcome.hires, outcome.minimum, active.version)
            return None
        last = ScreeningWeightSet.objects.filter(position=position).order_by("-version").values_list("version", flat=True).first()
        ScreeningWeightSet.objects.filter(position=position, is_active=True).update(is_active=False)
        created = ScreeningWeightSet.objects.create(
            position=position, version=(last or 0) + 1, weights=data, insights=outcome.insights,
            hires_used=outcome.hires, method=outcome.method, is_active=True,
        )
    if not outcome.adjusted:
        log.info("refit %s: v%s holds the configured weights (%s hires with performance data, minimum %s)",
                 position.code, created.version, outcome.hires, outcome.minimum)
    else:
        log.info("refit %s: v%s fitted on %s hires", position.code, created.version, outcome.hires)
    return created


def schedule_refit(position_id: int):
    """Queue a re-fit of the position's weights (one pending job per position; in-process without Redis)."""
    return queues.enqueue(refit_position_weights, queue="default", job_id=f"refit-weights-{position_id}",
                          position_id=position_id)


def refit_after_commit(position_id: int, *, using: str | None = None) -> None:
    """Schedule a re-fit once the current transaction commits (at once outside a transaction); a
    position already waiting in this transaction is not added again. A failing re-fit is logged and
    never breaks the request that changed the history."""
    queues.on_commit_once(f"weighting-refit:{position_id}", partial(schedule_refit, position_id), using=using)


# --- the position page -----------------------------------------------------------------------------


def weight_insights_context(position: Position, user) -> dict:
    """Context for templates/recruiting/_weight_insights.html: ``{"weighting": {...}}``."""
    weights, weight_set = active_weights(position)
    english = (get_language() or "").lower().startswith("en")
    configured = weights.configured()
    effective = weights.effective()
    rows = []
    for component in COMPONENTS:
        zh, en = COMPONENT_NAMES[component]
        before, after = configured[component] * 100, effective[component] * 100
        rows.append({"component": component, "label": en if english else zh, "configured": round(before, 1),
                     "effective": round(after, 1), "change": round(after - before, 1)})
    insights = list((weight_set.insights if weight_set else None) or [])
    model_row = next((i for i in insights if i.get("kind") == "model"), None)
    key = "text_en" if english else "text_zh"
    minimum = min_hires()
    adjusted = bool(weight_set and weight_set.method == METHOD_FITTED)
    hires = count_hires_with_history(position) if not adjusted else weight_set.hires_used
    context = {
        "weight_set": weight_set,
        "version": weight_set.version if weight_set else None,
        "rows": rows,
        "adjusted": adjusted,
        "prevalence": [i[key] for i in insights if i.get("kind") == "prevalence"],
        "weight_sentences": [i[key] for i in insights if i.get("kind") == "weight"],
        "hires": hires,
        "minimum": minimum,
        "below_minimum": hires < minimum,
        "cv_r2": model_row.get("cv_r2") if model_row else None,
        "can_refit": policy.can(user, "refit_weights"),
    }
    if context["below_minimum"]:
        context["reason"] = _("未调整：仅有 %(n)s 名录用员工有绩效数据，至少需要 %(min)s 名。") % {"n": hires, "min": minimum}
    return {"weighting": context}


def historical_adjustment(
    position: Position,
    engine: ScreeningEngine,
    model: PositionModel,
    *,
    base: ComponentWeights = DEFAULT_WEIGHTS,
    minimum: int | None = None,
) -> tuple[ComponentWeights, int]:
    """Weights moved by how past hires of this position performed, and the number of hires used.

    A past hire counts when their application reached "hired", is linked to an Employee with at least one
    performance review, and the candidate's resume text is on file. Their resume is parsed as of the
    application date and scored under the current model with the base weights (recruiting.weighting.services.
    hire_samples); the per-component scores and their average review score go to
    recruiting.screening.historical_weights (ridge regression, shrinkage by n/(n+k)). The stored,
    versioned weight sets of the position pages come from recruiting.weighting.services.refit_position_weights,
    which records them. Nothing moves below ``minimum`` hires (default: the SCREENING_MIN_HIRES setting,
    the one minimum used everywhere).
    """
    minimum = min_hires() if minimum is None else minimum
    samples = [(s.components, s.performance) for s in hire_samples(position, engine, model, base=base).samples]
    if len(samples) < minimum:
        return base, len(samples)
    version = f"history:{position.code}:{len(samples)}"
    return historical_weights(base, samples, min_samples=minimum, version=version), len(samples)
