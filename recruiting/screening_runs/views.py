"""AI screening pages: start a run, watch its progress, the ranked results and their XLSX export.

Thin: URL access is decided by hrportal.policy, positions are loaded through recruiting.access, reads come
from recruiting.screening_runs.selectors and writes from recruiting.screening_runs.services. The results page offers
shortlist / reject as a person's action through recruiting:application_move; the AI never moves a stage.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrportal import audit, policy
from hrportal.display_names import join_clauses, join_list
from recruiting import access, exports, pipeline, selectors
from recruiting.models import ScreeningRun
from recruiting.pipeline import Stage
from recruiting.screening.model import COMPONENT_NAMES, COMPONENTS
from recruiting.screening_runs import selectors as screening_selectors
from recruiting.screening_runs.jobs import start_screening_run

RESULTS_PER_PAGE = 50
FLAG_LABELS = {
    "missing_must_have": gettext_lazy("缺少必备技能"),
    "below_min_years": gettext_lazy("工作年限不足"),
    "years_unknown": gettext_lazy("工作年限未知"),
    "below_min_education": gettext_lazy("学历低于要求"),
    "education_unknown": gettext_lazy("学历未知"),
    "no_contact": gettext_lazy("无联系方式"),
    "short_text": gettext_lazy("简历文字过少"),
}
ITEM_ERRORS = {
    "no_resume_text": gettext_lazy("候选人没有可用的简历文本，无法筛选。"),
    "application_missing": gettext_lazy("该应聘申请已被删除。"),
}
SORT_CHOICES = (
    ("score", gettext_lazy("按得分")),
    ("name", gettext_lazy("按姓名")),
    ("date", gettext_lazy("按投递时间")),
)


class ResultsFilterForm(forms.Form):
    sort = forms.ChoiceField(label=gettext_lazy("排序"), choices=SORT_CHOICES, required=False)
    flag = forms.ChoiceField(
        label=gettext_lazy("提示"), required=False,
        choices=[("", gettext_lazy("全部")), *FLAG_LABELS.items()],
    )
    min_score = forms.DecimalField(
        label=gettext_lazy("最低分"), required=False, min_value=Decimal("0"), max_value=Decimal("100"),
        decimal_places=2, widget=forms.NumberInput(attrs={"step": "1", "style": "width:6rem"}),
    )


def _filters(request) -> dict:
    form = ResultsFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return {
        "form": form,
        "sort": data.get("sort") or screening_selectors.DEFAULT_SORT,
        "flag": data.get("flag") or "",
        "min_score": data.get("min_score"),
    }


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _flag_text(flag: dict, english: bool, skill_names: dict[str, str]) -> str:
    subject = flag.get("subject")
    if flag.get("code") == "missing_must_have" and subject:
        # named here, not from the stored message: the engine knows the skill by its Chinese (canonical) name
        return _("缺少必备技能：%(skill)s") % {"skill": skill_names.get(subject, subject)}
    return flag.get("message_en" if english else "message_zh") or str(FLAG_LABELS.get(flag.get("code"), flag.get("code")))


def _skill_names(results) -> dict[str, str]:
    """The display names of every skill the rows name (matched, missing must-haves): one query."""
    names = set()
    for result in results:
        names.update(result.matched_terms or [])
        names.update(f.get("subject") for f in result.flags or [] if f.get("code") == "missing_must_have")
    return selectors.skill_display_names(names)


def _row(result, rank: int, *, english: bool, can_move: bool, skill_names: dict[str, str]) -> dict:
    application = result.application
    flags = result.flags or []
    stage = application.stage
    return {
        "rank": rank,
        "result": result,
        "application": application,
        "candidate": application.candidate,
        "stage": Stage(stage),
        "flags": [{"code": f.get("code"), "text": _flag_text(f, english, skill_names)} for f in flags],
        "missing": [skill_names.get(f["subject"], f["subject"]) for f in flags
                    if f.get("code") == "missing_must_have" and f.get("subject")],
        "matched": [skill_names.get(name, name) for name in result.matched_terms or []],
        "explanation": result.explanation_en if english else result.explanation_zh,
        "can_shortlist": can_move and pipeline.is_legal(stage, Stage.SHORTLISTED),
        "can_reject": can_move and pipeline.is_legal(stage, Stage.REJECTED),
    }


# --- runs ------------------------------------------------------------------------------------------


@require_POST
def screening_run_start(request, pk):
    position = access.get_position_for_user(request.user, pk)
    if not policy.can(request.user, "run_screening"):
        raise PermissionDenied("starting a screening run needs the run_screening capability")
    run = start_screening_run(position=position, by=request.user)
    if run.total:
        messages.success(request, _("已开始筛选 %(n)s 份申请。") % {"n": run.total})
    else:
        messages.warning(request, _("该职位没有待筛选的申请（新投递、筛选中、已入围）。"))
    return redirect("recruiting:screening_run", pk=run.pk)


def _progress_context(request, run: ScreeningRun) -> dict:
    done = run.status == ScreeningRun.Status.DONE
    percent = 100 if not run.total else min(100, round(run.processed * 100 / run.total))
    failures = []
    if done and run.failed:
        for item in screening_selectors.run_failures(run):
            item.message = ITEM_ERRORS.get(item.error) or item.error
            failures.append(item)
    return {
        "run": run,
        "position": run.position,
        "done": done,
        "finished": run.status in (ScreeningRun.Status.DONE, ScreeningRun.Status.FAILED),
        "percent": percent,
        "failures": failures,
        "mean_ms": round(float((run.timings or {}).get("per_item_mean_seconds", 0)) * 1000, 1),
        "total_seconds": (run.timings or {}).get("total_seconds"),
    }


@require_GET
def screening_run(request, pk):
    run = access.get_screening_run_for_user(request.user, pk)
    context = _progress_context(request, run)
    context["can_run"] = policy.can(request.user, "run_screening")
    return render(request, "recruiting/screening_run.html", context)


@require_GET
def screening_run_progress(request, pk):
    """The progress bar partial that the run page polls every second until the run is finished."""
    run = access.get_screening_run_for_user(request.user, pk)
    return render(request, "recruiting/screening_run_progress.html", _progress_context(request, run))


# --- results ---------------------------------------------------------------------------------------


@require_GET
def screening_results(request, pk):
    user = request.user
    position = access.get_position_for_user(user, pk)
    filters = _filters(request)
    results = screening_selectors.latest_results(
        user, position, sort=filters["sort"], flag=filters["flag"], min_score=filters["min_score"]
    )
    page = selectors.paginate(results, request.GET.get("page"), RESULTS_PER_PAGE)
    english = _english()
    can_move = policy.can(user, "move_stage")
    offset = (page.number - 1) * RESULTS_PER_PAGE
    results = list(page.object_list)
    skill_names = _skill_names(results)
    rows = [_row(r, offset + i, english=english, can_move=can_move, skill_names=skill_names)
            for i, r in enumerate(results, start=1)]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "recruiting/screening_results.html", {
        "position": position,
        "form": filters["form"],
        "page": page,
        "rows": rows,
        "can_move": can_move,
        "can_run": policy.can(user, "run_screening"),
        "can_export": policy.can(user, "export_screening"),
        "latest_run": screening_selectors.latest_run(position),
        "filter_query": query.urlencode(),
        "sort": filters["sort"],
    })


@require_GET
def screening_results_export(request, pk):
    user = request.user
    position = access.get_position_for_user(user, pk)
    if not policy.can(user, "export_screening"):
        raise PermissionDenied("exporting screening results needs the export_screening capability")
    filters = _filters(request)
    results = screening_selectors.latest_results(
        user, position, sort=filters["sort"], flag=filters["flag"], min_score=filters["min_score"],
        with_breakdown=True,
    )
    english = _english()
    component_titles = [COMPONENT_NAMES[c][1 if english else 0] for c in COMPONENTS]
    headers = [
        _("排名"), _("候选人"), _("阶段"), _("得分"), *component_titles, _("提示"), _("匹配技能"), _("缺少的必备技能"),
        _("解释"), _("投递时间"), _("引擎版本"), _("权重版本"),
    ]
    rows = []
    skill_names = selectors.skill_display_names()  # the whole lexicon: the export streams its rows
    for rank, result in enumerate(results.iterator(chunk_size=500), start=1):
        row = _row(result, rank, english=english, can_move=False, skill_names=skill_names)
        breakdown = result.breakdown or {}
        points = [
            (breakdown.get(c) or {}).get("points") if (breakdown.get(c) or {}).get("applicable") else None
            for c in COMPONENTS
        ]
        rows.append([
            rank, row["candidate"].name, str(row["stage"].label), result.score, *points,
            join_clauses(f["text"] for f in row["flags"]), join_list(row["matched"]), join_list(row["missing"]),
            row["explanation"], timezone.localtime(row["application"].applied_at).strftime("%Y-%m-%d %H:%M"),
            result.engine_version, result.weights_version,
        ])
    audit.record(
        action="export", obj=position, request=request, fields=["name", "screening_score", "explanation"],
        note=f"screening results XLSX: {len(rows)} rows",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return exports.xlsx_response(
        filename=exports.safe_filename(f"screening-{position.code}-{stamp}", "xlsx"),
        headers=headers, rows=rows, sheet_title=_("筛选结果"),
    )
