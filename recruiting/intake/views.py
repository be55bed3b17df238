"""Resume intake pages: upload (files, a zip or pasted text) → batch report → a resume with its matched
terms highlighted. URL access (HR, admin) is decided by hrportal.policy; objects are loaded through
recruiting.access (via recruiting.intake.services's scoped getters)."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hrportal import audit, masking, params, policy
from recruiting import access, selectors
from recruiting.intake import jobs as intake_queue
from recruiting.intake import services as service
from recruiting.intake.forms import IntakeForm
from recruiting.models import IntakeBatch, IntakeItem, PositionCompetency, ScreeningResult, ScreeningRun
from recruiting.screening import SkillLexicon, normalise
from recruiting.screening.normalise import ascii_lower

RECENT_BATCHES = 10


def _require_intake(user) -> None:
    if not policy.can(user, "intake_resumes"):
        raise PermissionDenied("intake_resumes capability required")


@require_http_methods(["GET", "POST"])
def intake(request):
    user = request.user
    _require_intake(user)
    positions = access.positions_for(user).order_by("code")
    limits = service.intake_limits()
    initial = {}
    position_id = params.id_param(request.GET, "position")
    if position_id is not None:
        initial["position"] = access.get_position_for_user(user, position_id)
    form = IntakeForm(
        request.POST or None, request.FILES or None, positions=positions, initial=initial,
        file_limit_mb=limits.max_file_bytes / service.MB, zip_limit_mb=limits.max_zip_bytes / service.MB,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            files = [(upload.name, upload) for upload in data["files"]]
            if data["text"].strip():
                files.append((_("粘贴的简历.txt"), data["text"].encode("utf-8")))
            # Stored and queued: the job takes the files in (in-process at once without Redis).
            batch = intake_queue.queue_intake(
                files=files, position=data["position"], by=user,
                source=IntakeBatch.Source.UPLOAD if data["files"] else IntakeBatch.Source.PASTE,
                consented=data["consented"], talent_pool_consent=data["talent_pool_consent"],
                candidate_source=data["candidate_source"],
            )
            return redirect(reverse("recruiting:intake_batch", args=[batch.pk]))
        status = 422
    recent = access.batches_for(user).select_related("position", "created_by")[:RECENT_BATCHES]
    return render(request, "recruiting/intake.html", {
        "form": form, "recent": recent, "limits": limits,
    }, status=status)


@require_GET
def intake_batch(request, pk):
    user = request.user
    _require_intake(user)
    batch = access.get_batch_for_user(user, pk)
    if batch.status != IntakeBatch.Status.DONE:
        return _intake_progress(request, batch)
    if request.headers.get("HX-Request") and request.GET.get("progress"):
        # the progress poll of a batch that has just finished: reload the full page
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    items = list(service.batch_items(batch))
    counts = {outcome: 0 for outcome in IntakeItem.Outcome.values}
    for item in items:
        counts[item.outcome] += 1
    run = None
    run_id = params.id_param(request.GET, "run")
    if run_id is not None and batch.position_id:
        run = ScreeningRun.objects.filter(pk=run_id, position_id=batch.position_id).first()
    if run is None and batch.position_id:
        run = service.screening_run_of(batch, [item.application_id for item in items if item.application_id])
    return render(request, "recruiting/intake_batch.html", {
        "batch": batch, "items": items, "counts": counts, "run": run,
        "outcome_rows": [(value, label, counts[value]) for value, label in IntakeItem.Outcome.choices],
        "can_screen": batch.position_id is not None and policy.can(user, "run_screening"),
    })


def _intake_progress(request, batch: IntakeBatch):
    """A batch whose job has not finished: documents done so far, polled by htmx every second."""
    uploads = list(batch.uploads.order_by("order", "id").values("filename", "finished"))
    counts = dict(batch.items.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    context = {
        "batch": batch, "uploads": uploads, "done_items": sum(counts.values()),
        "uploads_done": sum(1 for u in uploads if u["finished"]),
        "outcome_rows": [(value, label, counts.get(value, 0)) for value, label in IntakeItem.Outcome.choices],
    }
    template = "recruiting/_intake_progress.html" if request.headers.get("HX-Request") else "recruiting/intake_progress.html"
    return render(request, template, context)


# --- one resume ----------------------------------------------------------------------------------


def highlight_terms(text: str, lexicon: SkillLexicon, must_haves: list[str]) -> tuple[SafeString, list[str]]:
    """The text escaped, with every lexicon skill (synonyms included) and every must-have skill wrapped in
    ``<mark>`` (must-haves get class "must"); and the canonical names that were found, in text order.

    The text is escaped piece by piece before any tag is added, so nothing from the resume becomes markup.
    """
    norm = normalise(text)
    must = {lexicon.canonical(name) or name for name in must_haves}
    spans: list[tuple[int, int, str]] = [(m.span[0], m.span[1], m.canonical) for m in lexicon.find(norm)]
    for name in must:
        if lexicon.canonical(name) is None and name.strip():  # a must-have the lexicon does not know
            needle, start = ascii_lower(name.strip()), 0
            while (found := norm.lower.find(needle, start)) != -1:
                spans.append((found, found + len(needle), name))
                start = found + len(needle)
    spans.sort(key=lambda s: (s[0], -s[1]))
    pieces: list[str] = []
    found_names: list[str] = []
    cursor = 0
    for start, end, canonical in spans:
        if start < cursor:
            continue  # overlaps a longer match already marked
        pieces.append(escape(norm.text[cursor:start]))
        css = "term must" if canonical in must else "term"
        pieces.append(f'<mark class="{css}" title="{escape(canonical)}">{escape(norm.text[start:end])}</mark>')
        if canonical not in found_names:
            found_names.append(canonical)
        cursor = end
    pieces.append(escape(norm.text[cursor:]))
    return mark_safe("".join(pieces)), found_names  # noqa: S308 — every piece was escaped above


@require_GET
def resume_detail(request, pk):
    user = request.user
    if not policy.can(user, "view_candidate_contact"):  # the full text carries contact data
        raise PermissionDenied("view_candidate_contact capability required")
    resume = access.get_resume_for_user(user, pk)
    candidate = resume.candidate
    applications = list(
        access.applications_for(user).filter(candidate=candidate).select_related("position").order_by("id")
    )
    must_haves = sorted(set(
        PositionCompetency.objects.filter(position__in=[a.position_id for a in applications])
        .values_list("must_have_skills__name", flat=True)
    ) - {None})
    lexicon = service.intake_engine().lexicon
    # sensitive data in the text (ID number, health, religion, marital status) stays masked (PIPL Art. 28)
    highlighted, found = highlight_terms(masking.mask_sensitive_text(resume.text), lexicon, must_haves)
    must_canonical = [lexicon.canonical(name) or name for name in must_haves]
    try:
        parsed = json.loads(resume.parsed) if resume.parsed else {}
    except ValueError:
        parsed = {}
    latest = {}
    for result in ScreeningResult.objects.filter(application__in=applications).order_by("application_id", "-id"):
        latest.setdefault(result.application_id, result)
    audit.record(action="view", obj=resume, fields=["text", "parsed"], request=request)
    parsed_skills = (parsed.get("skills") or []) if isinstance(parsed, dict) else []
    names = selectors.skill_display_names([*parsed_skills, *found, *must_canonical])  # canonical → shown name
    if parsed_skills:
        parsed = {**parsed, "skills": [names.get(name, name) for name in parsed_skills]}
    return render(request, "recruiting/resume_detail.html", {
        "resume": resume, "candidate": candidate, "highlighted": highlighted, "parsed": parsed,
        "found_skills": [names.get(name, name) for name in found],
        "must_have_rows": [(names.get(name, name), name in found) for name in must_canonical],
        "applications": [(a, latest.get(a.pk)) for a in applications],
    })
