"""Display names of the audit's measures, attributes and categories (the page, the dashboard alert)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from interviews.fairness.audit import ATTRIBUTE_CHOICES

MEASURE_LABELS = {
    "shortlist": gettext_lazy("简历筛选入围率"),
    "interview": gettext_lazy("面试通过率"),
    "offer": gettext_lazy("录用（发放 offer）率"),
    "screening_score": gettext_lazy("筛选得分高于中位数的比例（LL144 评分率）"),
}
ATTRIBUTE_LABELS = {"gender": gettext_lazy("性别"), "age_band": gettext_lazy("年龄段"),
                    "school_tier": gettext_lazy("院校层次")}


def category_label(attribute: str, category: str) -> str:
    choices = ATTRIBUTE_CHOICES.get(attribute)
    try:
        return str(choices(category).label) if choices else category
    except ValueError:
        return category


def measure_label(measure: str) -> str:
    return str(MEASURE_LABELS.get(measure, measure))


def attribute_label(attribute: str) -> str:
    return str(ATTRIBUTE_LABELS.get(attribute, attribute))
