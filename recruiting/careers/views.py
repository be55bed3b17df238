"""The public careers pages (no login; every URL is PUBLIC in hrportal.policy): the list of open positions,
a position's page (shareable, Open Graph tags, QR code) and the application form. Language comes from
``?lang=`` (kept in every link, so a shared link keeps its language) or the browser's; the list and position
pages are served from the cache (recruiting.careers.cache) and carry no CSRF token, the form page does."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from hrportal import audit, params
from hrportal.display_names import display_name
from recruiting.careers import cache, links, qr, selectors, services, throttle
from recruiting.careers.forms import ApplicationForm
from recruiting.models import Application, CareersSettings
from recruiting.rights.links import rights_path

logger = logging.getLogger(__name__)
LANGUAGES = ("zh-hans", "en")


def _language(request) -> str:
    asked = request.GET.get("lang") or request.POST.get("lang")
    return asked if asked in LANGUAGES else ("en" if (request.LANGUAGE_CODE or "").startswith("en") else "zh-hans")


def _context(request, lang: str, **extra) -> dict:
    position = extra.get("position")
    title = display_name(position, lang) if position is not None else ""
    return {"site": CareersSettings.load(), "en": lang == "en", "lang": lang, "position_title": title, **extra}


def _cached(request, kind: str, build) -> HttpResponse:
    lang = _language(request)
    key = cache.page_key(kind, lang, f"{request.get_host()}{request.get_full_path()}")
    content = cache.get(key)
    if content is None:
        with translation.override(lang):
            response = build(lang)
        if response.status_code != 200:
            return response
        content = response.content
        cache.put(key, content)
    response = HttpResponse(content, content_type="text/html; charset=utf-8")
    response["Content-Language"] = lang
    return response


@require_GET
def careers_list(request):
    def build(lang):
        q = request.GET.get("q", "")[:50]
        city = request.GET.get("city", "")[:40]
        department_id = params.id_param(request.GET, "department")
        positions = selectors.search_positions(q=q, city=city, department_id=department_id)
        page = _page(request)
        total = positions.count()
        start = (page - 1) * selectors.PAGE_SIZE
        rows = list(positions[start:start + selectors.PAGE_SIZE])
        cities, departments = selectors.filter_choices()
        return render(request, "careers/list.html", _context(
            request, lang, positions=rows, total=total, q=q, city=city, department_id=department_id,
            cities=cities, departments=departments, page=page,
            has_next=start + selectors.PAGE_SIZE < total, has_previous=page > 1,
        ))
    return _cached(request, "list", build)


def _page(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except (TypeError, ValueError):
        return 1


@require_GET
def careers_position(request, code):
    def build(lang):
        position = selectors.public_position(code)
        if position is None:
            raise Http404("no such public position")
        url = request.build_absolute_uri(links.position_path(position))
        return render(request, "careers/position.html", _context(
            request, lang, position=position, share_url=url, qr_svg=qr.svg(f"{url}?lang={lang}"),
            tag_query=_tag_query(request),
        ))
    return _cached(request, "position", build)


def _tag_query(request) -> str:
    """``src``/``ref`` of a tagged link, carried from the position page to the form."""
    parts = []
    for name in ("src", "ref"):
        value = request.GET.get(name, "")[:400]
        if value:
            parts.append((name, value))
    return urlencode(parts)


def _source(form) -> tuple[str, str, int | None]:
    referrer = links.referrer_id(form.cleaned_data.get("ref", ""))
    if referrer is not None:
        return Application.Source.REFERRAL, "", referrer
    board = links.board_name(form.cleaned_data.get("src", ""))
    if board:
        return Application.Source.JOB_BOARD, board, None
    return Application.Source.CAREERS, "", None


@require_http_methods(["GET", "POST"])
def careers_apply(request, code):
    lang = _language(request)
    with translation.override(lang):
        position = selectors.public_position(code)
        if position is None:
            raise Http404("no such public position")
        initial = {"src": request.GET.get("src", "")[:60], "ref": request.GET.get("ref", "")[:400]}
        form = ApplicationForm(request.POST or None, request.FILES or None, questions=position.question_list(),
                               initial=initial)
        status = 200
        if request.method == "POST":
            if form.is_robot():
                # answered like a success so the robot learns nothing; nothing is stored
                logger.info("careers: honeypot filled for position %s", position.pk)
                return render(request, "careers/thanks.html", _context(request, lang, position=position))
            if form.is_valid():
                ip = audit.client_ip(request)
                if not throttle.allow(address=ip, position_id=position.pk):
                    return render(request, "careers/apply.html", _context(
                        request, lang, position=position, form=form, limited=True), status=429)
                source, detail, referrer = _source(form)
                data = form.cleaned_data
                done = services.submit_application(
                    position=position, name=data["name"], phone=data["phone"], email=data["email"],
                    resume_file=data["resume"], resume_text=data["resume_text"], talent_pool=data["talent_pool"],
                    answers=form.answers(), source=source, source_detail=detail, referrer_id=referrer, ip=ip,
                )
                return render(request, "careers/thanks.html", _context(
                    request, lang, position=position, done=done,
                    rights_url=request.build_absolute_uri(rights_path(done.candidate)),
                ))
            status = 422
        return render(request, "careers/apply.html", _context(request, lang, position=position, form=form),
                      status=status)


@require_GET
def careers_qr(request, code):
    position = selectors.public_position(code)
    if position is None:
        raise Http404("no such public position")
    lang = _language(request)
    url = f"{request.build_absolute_uri(links.position_path(position))}?lang={lang}"
    response = HttpResponse(qr.svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response

