"""Resume intake: files, zips or pasted text → stored resumes, candidates and applications.

One upload (or one ``import_resumes`` call) is one ``IntakeBatch`` with one ``IntakeItem`` per document
saying in words what happened to it: a new candidate, the same file as before (linked to the existing
candidate), the same person as an existing candidate (phone or e-mail blind index; linked), or a failure
with the engine's message. Every document is processed in its own transaction, so one bad file never
rolls back or stops the others.

Extraction, zip expansion and every size / zip-bomb guard belong to the engine
(``recruiting.screening.iter_batch``); this module adds hashing, duplicate detection, storage (file bytes
encrypted on disk, text and parse result encrypted in the row), consent and applications. See
docs/intake.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import threading
import zipfile
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from hrportal import audit, crypto
from hrportal.infrastructure import is_infrastructure_error
from recruiting.engine_inputs import build_engine, competency_user_words
from recruiting.history.rows import is_valid_id_number
from recruiting.models import (
    Application,
    Candidate,
    Education,
    IntakeBatch,
    IntakeItem,
    Position,
    Resume,
    ScreeningRun,
    SensitiveData,
    Skill,
)
from recruiting.screening import (
    ENGINE_VERSION,
    ExtractedText,
    ExtractionError,
    Limits,
    ParsedResume,
    ScreeningEngine,
    iter_batch,
    normalise,
)
from recruiting.screening.archives import member_name
from recruiting.screening.extract import sniff
from recruiting.screening_runs.jobs import start_screening_run

logger = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_MAX_FILE_MB = 10
DEFAULT_MAX_ZIP_MB = 200
# File types offered by the upload input (the engine decides by content anyway).
ACCEPTED_SUFFIXES = (".pdf", ".docx", ".txt", ".md", ".html", ".htm", ".zip")
RESUME_DIR = "resumes"

Outcome = IntakeItem.Outcome


# --- limits and engine ---------------------------------------------------------------------------


def intake_limits() -> Limits:
    """The engine's limits with the two sizes the operator configures (``RESUME_MAX_FILE_MB``,
    ``RESUME_MAX_ZIP_MB``); every other guard keeps the engine's default."""
    file_mb = float(getattr(settings, "RESUME_MAX_FILE_MB", DEFAULT_MAX_FILE_MB))
    zip_mb = float(getattr(settings, "RESUME_MAX_ZIP_MB", DEFAULT_MAX_ZIP_MB))
    return Limits(max_file_bytes=int(file_mb * MB), max_zip_bytes=int(zip_mb * MB))


def consent_version() -> str:
    return str(getattr(settings, "CANDIDATE_CONSENT_VERSION", "2026-01"))


_engine_lock = threading.Lock()
_engine_cache: dict[str, ScreeningEngine] = {}


def intake_engine() -> ScreeningEngine:
    """One engine per process for as long as the skill lexicon and the competency models stay the same.

    The key is a digest of exactly what ``build_engine`` reads, so an edited lexicon is picked up by the
    next batch while jieba's dictionary (loaded lazily by the engine) is not reloaded for every upload.
    """
    entries = list(Skill.objects.order_by("name").values_list("name", "aliases"))
    key = hashlib.sha256(
        json.dumps([entries, competency_user_words()], ensure_ascii=False, default=str).encode()
    ).hexdigest()
    with _engine_lock:
        engine = _engine_cache.get(key)
        if engine is None:
            engine = build_engine()
            _engine_cache.clear()
            _engine_cache[key] = engine
        return engine


# --- documents of an upload ----------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One resume of an upload: its name, its bytes (None when refused before reading) and either the
    extracted text or the engine's error."""

    name: str
    data: bytes | None
    result: ExtractedText | None = None
    error: ExtractionError | None = None


def _too_large(size: int, limit: int) -> ExtractionError:
    return ExtractionError(
        "too_large",
        detail_zh=f"{size / MB:.1f} MB，上限 {limit / MB:.0f} MB",
        detail_en=f"{size / MB:.1f} MB, limit {limit / MB:.0f} MB",
    )


def _is_zip(name: str, head: bytes) -> bool:
    return name.lower().endswith(".zip") or sniff(head[:8192], name) == "zip"


def read_upload(name: str, source, limits: Limits) -> bytes:
    """The bytes of ``source`` (bytes, a Path, or an uploaded file with ``size``/``read``), refusing a file
    over its size limit from its declared size before it is read into memory."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        limit = limits.max_zip_bytes if _is_zip(name, data) else limits.max_file_bytes
        if len(data) > limit:
            raise _too_large(len(data), limit)
        return data
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8192)
            limit = limits.max_zip_bytes if _is_zip(name, head) else limits.max_file_bytes
            if size > limit:
                raise _too_large(size, limit)
            return head + handle.read(limit + 1 - len(head))
    size = getattr(source, "size", None)
    head = source.read(8192)
    limit = limits.max_zip_bytes if _is_zip(name, head) else limits.max_file_bytes
    if size is not None and size > limit:
        raise _too_large(size, limit)
    data = head + source.read(limit + 1 - len(head))
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return data


def iter_documents(name: str, source, limits: Limits) -> Iterator[Document]:
    """Expand one upload into documents with ``iter_batch`` (limits, zip guards, per-member errors) and
    pair every readable document with its own bytes, which are hashed and stored."""
    try:
        data = read_upload(name, source, limits)
    except ExtractionError as exc:
        yield Document(name, None, error=exc)
        return
    except OSError as exc:
        logger.warning("upload %r cannot be read: %r", name, exc)
        yield Document(name, None, error=ExtractionError(
            "corrupt", detail_zh="文件无法读取", detail_en="the file cannot be read", operator_detail=repr(exc)
        ))
        return
    if not _is_zip(name, data):
        for item in iter_batch(data, name, limits):
            yield Document(item.name, data if item.ok else None, item.result, item.error)
        return
    # iter_batch yields a zip's members in archive order with the names it decoded; the bytes of a
    # member it accepted are read again here (bounded by the file limit it has already enforced).
    members: dict[str, deque] = defaultdict(deque)
    archive = None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        for info in archive.infolist():
            if not info.is_dir():
                members[member_name(info)].append(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        archive = None  # iter_batch reports the zip as corrupt
    try:
        for item in iter_batch(data, name, limits):
            label = f"{name}/{item.name}" if item.name != name else name
            info = members[item.name].popleft() if members.get(item.name) else None
            if not item.ok:
                yield Document(label, None, error=item.error)
            elif archive is None or info is None:  # not expected: iter_batch read it from the same zip
                yield Document(label, None, error=ExtractionError(
                    "corrupt", detail_zh="压缩包成员无法读取", detail_en="the zip member cannot be read"
                ))
            else:
                with archive.open(info) as handle:
                    yield Document(label, handle.read(limits.max_file_bytes + 1), item.result)
    finally:
        if archive is not None:
            archive.close()


# --- one document → candidate --------------------------------------------------------------------


def _decimal_years(value: float) -> Decimal | None:
    if value is None or value <= 0:
        return None
    return min(Decimal(str(round(value, 1))), Decimal("999.9"))


def _current_job(parsed: ParsedResume):
    if not parsed.experience:
        return None
    current = [e for e in parsed.experience if e.current or e.end is None]
    pool = current or parsed.experience
    return max(pool, key=lambda e: (e.start.iso(), e.end.iso() if e.end else "9999-99"))


def _profile(parsed: ParsedResume, filename: str) -> dict:
    """Candidate fields read from a parse (only what the parser found; never gender, age or photo)."""
    job = _current_job(parsed)
    stem = Path(filename.rsplit("/", 1)[-1]).stem or filename
    return {
        "name": (parsed.name or stem)[:50],
        "phone": parsed.phone or "",
        "email": parsed.email or "",
        "years_experience": _decimal_years(parsed.years_experience),
        "highest_education": parsed.highest_degree if parsed.highest_degree in Education.values else "",
        "current_title": ((job.title if job else None) or (parsed.titles[0] if parsed.titles else ""))[:100],
        "current_company": ((job.company if job else None) or "")[:120],
    }


def _same_person(profile: dict) -> tuple[Candidate | None, str]:
    """The existing candidate with the same phone (first) or e-mail, and which one matched."""
    phone_hash = crypto.blind_index(profile["phone"], kind="phone")
    email_hash = crypto.blind_index(profile["email"], kind="email")
    if phone_hash:
        found = Candidate.objects.filter(phone_hash=phone_hash).order_by("id").first()
        if found is not None:
            return found, "phone"
    if email_hash:
        found = Candidate.objects.filter(email_hash=email_hash).order_by("id").first()
        if found is not None:
            return found, "email"
    return None, ""


def stored_file_path(sha256: str) -> str:
    """Where a resume's encrypted bytes live, relative to MEDIA_ROOT (content-addressed)."""
    return f"{RESUME_DIR}/{sha256[:2]}/{sha256}.bin"


def _write_encrypted(relative: str, data: bytes) -> Path:
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(crypto.encrypt_bytes(data))
    os.replace(temporary, target)
    return target


def read_resume_file(resume: Resume) -> bytes:
    """The original bytes of a stored resume (decrypted); raises FileNotFoundError / DecryptionError."""
    return crypto.decrypt_bytes((Path(settings.MEDIA_ROOT) / resume.stored_path).read_bytes())


@dataclass
class _Options:
    batch: IntakeBatch
    position: Position | None
    by: object
    engine: ScreeningEngine
    consented: bool
    talent_pool_consent: bool
    candidate_source: str
    upload: object = None  # the IntakeUpload being processed (queued intake), recorded on each item
    # the person the documents belong to, when known before parsing (an application from the careers page
    # or a mail sender: issue 23) — then no candidate is matched or created from the parse
    candidate: Candidate | None = None
    application_source: str = Application.Source.HR_UPLOAD  # Application.source of applications created here


def _apply(candidate: Candidate, options: _Options) -> tuple[Application | None, bool]:
    if options.position is None:
        return None, False
    application, created = Application.objects.get_or_create(
        candidate=candidate, position=options.position,
        defaults={"owner": options.by, "source": options.application_source},
    )
    return application, created


def _consent(candidate: Candidate, options: _Options) -> None:
    """Consent is never assumed: it is recorded only when the uploader confirms it, and an earlier
    consent of an existing candidate is kept as it was."""
    if options.talent_pool_consent:
        candidate.talent_pool_consent = True  # before the consent: the talent pool keeps its longer date
    if options.consented and candidate.consent_at is None:
        candidate.record_consent(version=consent_version())


def _application_note(application: Application | None, created: bool) -> str:
    if application is None:
        return gettext("未指定职位，已进入人才库。")
    if created:
        return gettext("已创建应聘申请。")
    return gettext("该候选人已有此职位的申请，未重复创建。")


def _duplicate_file(existing: Resume, doc: Document, options: _Options) -> IntakeItem:
    candidate = options.candidate or existing.candidate
    if candidate is None:  # an orphaned row (never written by intake): attach it to a candidate now
        parsed = options.engine.parse(normalise(existing.text))
        candidate = _create_candidate(parsed, existing.text, doc.name, options)
        existing.candidate = candidate
        existing.save(update_fields=["candidate", "updated_at"])
    application, created = _apply(candidate, options)
    message = gettext("与已上传的文件“%(file)s”（%(date)s）内容完全相同，已关联已有候选人“%(name)s”，未新建候选人。") % {
        "file": existing.original_name, "date": timezone.localtime(existing.created_at).strftime("%Y-%m-%d"), "name": candidate.name,
    }
    return IntakeItem.objects.create(
        batch=options.batch, filename=doc.name[:255], outcome=Outcome.DUPLICATE_FILE,
        message=f"{message} {_application_note(application, created)}", candidate=candidate, resume=existing,
        application=application, upload=options.upload,
    )


_ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")


def required_id_number(text: str, position: Position | None) -> str:
    """The resume's ID number, only when the position requires it with a recorded reason (PIPL Art. 28–30);
    otherwise nothing sensitive is parsed into a field. The first number with a valid check digit."""
    if position is None or SensitiveData.ID_NUMBER not in position.required_sensitive():
        return ""
    for match in _ID_NUMBER_IN_TEXT.finditer(text or ""):
        if is_valid_id_number(match.group(1)):
            return match.group(1).upper()
    return ""


def _create_candidate(parsed: ParsedResume, text: str, filename: str, options: _Options) -> Candidate:
    candidate = Candidate(**_profile(parsed, filename), resume_text=text, source=options.candidate_source,
                          id_number=required_id_number(text, options.position))
    _consent(candidate, options)
    candidate.save()
    return candidate


def _store_document(doc: Document, sha256: str, options: _Options) -> IntakeItem:
    existing = Resume.objects.select_related("candidate").filter(sha256=sha256).first()
    if existing is not None:
        return _duplicate_file(existing, doc, options)
    norm = normalise(doc.result.text)
    parsed = options.engine.parse(norm)
    profile = _profile(parsed, doc.name)
    candidate, matched_by = (options.candidate, "applicant") if options.candidate else _same_person(profile)
    if candidate is None:
        candidate = _create_candidate(parsed, norm.text, doc.name, options)
        outcome = Outcome.CREATED
        message = gettext("已新建候选人“%(name)s”。") % {"name": candidate.name}
    else:
        # The newer resume becomes the candidate's resume text; fields HR already has are kept.
        candidate.resume_text = norm.text
        for field, value in profile.items():
            if value not in ("", None) and getattr(candidate, field) in ("", None):
                setattr(candidate, field, value)
        _consent(candidate, options)
        candidate.save()
        outcome = Outcome.SAME_PERSON
        message = {
            "phone": gettext("手机号与已有候选人“%(name)s”相同，已关联到该候选人，未新建。"),
            "email": gettext("邮箱与已有候选人“%(name)s”相同，已关联到该候选人，未新建。"),
            "applicant": gettext("由候选人“%(name)s”本人投递，已关联到其候选人记录。"),
        }[matched_by] % {"name": candidate.name}
    parsed_json = parsed.to_json(include_evidence=True)
    parsed_json.update({"format": doc.result.kind, "ocr": doc.result.ocr, "truncated": doc.result.truncated})
    relative = stored_file_path(sha256)
    resume = Resume.objects.create(
        candidate=candidate, original_name=doc.name[-255:], sha256=sha256, size=len(doc.data),
        file_kind=doc.result.kind[:10], stored_path=relative, text=norm.text,
        parsed=json.dumps(parsed_json, ensure_ascii=False), parser_version=ENGINE_VERSION,
        status=Resume.Status.PARSED, uploaded_by=options.by, batch=options.batch,
    )
    _write_encrypted(relative, doc.data)
    application, created = _apply(candidate, options)
    return IntakeItem.objects.create(
        batch=options.batch, filename=doc.name[:255], outcome=outcome,
        message=f"{message} {_application_note(application, created)}", candidate=candidate, resume=resume,
        application=application, upload=options.upload,
    )


def _failed(doc: Document, options: _Options, message: str) -> IntakeItem:
    return IntakeItem.objects.create(
        batch=options.batch, filename=doc.name[:255], outcome=Outcome.FAILED, message=message, upload=options.upload
    )


def _intake_document(doc: Document, options: _Options) -> IntakeItem:
    if doc.error is not None:
        return _failed(doc, options, doc.error.message_zh)
    sha256 = hashlib.sha256(doc.data).hexdigest()
    try:
        try:
            with transaction.atomic():
                return _store_document(doc, sha256, options)
        except IntegrityError:
            # Another upload stored the same file between our lookup and insert: the retry sees its
            # row and links to it as a duplicate.
            with transaction.atomic():
                return _store_document(doc, sha256, options)
    except Exception:
        _remove_orphan_file(sha256)
        raise


def _remove_orphan_file(sha256: str) -> None:
    """A rolled-back document must not leave its (encrypted) bytes behind without a row."""
    if not Resume.objects.filter(sha256=sha256).exists():
        (Path(settings.MEDIA_ROOT) / stored_file_path(sha256)).unlink(missing_ok=True)


# --- the service ---------------------------------------------------------------------------------


def intake_files(
    *,
    files: Iterable[tuple[str, object]],
    position: Position | None,
    by,
    source: str = IntakeBatch.Source.UPLOAD,
    consented: bool = False,
    talent_pool_consent: bool = False,
    candidate_source: str = Candidate.Source.OTHER,
    start_screening: bool = True,
) -> IntakeBatch:
    """Take in resumes (``(filename, bytes | Path | uploaded file)``; zips are expanded) as one batch.

    Guarantees:
    - one ``IntakeItem`` per document, each written in its own transaction: a failing document gets a
      FAILED item with the engine's Chinese message and the batch goes on; nothing else is rolled back;
    - a file whose SHA-256 is already stored is never stored again: DUPLICATE_FILE, linked to the
      candidate it belongs to; a parse whose phone (first) or e-mail blind index matches an existing
      candidate is linked to that candidate (SAME_PERSON), no second candidate is created;
    - file bytes are stored encrypted at MEDIA_ROOT/resumes/<sha[:2]>/<sha>.bin; text and parse result are
      encrypted in the row;
    - consent is recorded (``CANDIDATE_CONSENT_VERSION``, retention from ``CANDIDATE_RETENTION_DAYS``) only
      when ``consented`` is true, never assumed;
    - with a position, each linked candidate has exactly one application to it (an existing one is reused)
      and, when ``start_screening``, one screening run is started for those applications;
    - one audit row (``resume_intake``) with the counts.

    Returns the batch with ``counts`` (outcome → number) and ``screening_run`` (the started run or None).
    Runs inline (the command, tests); the intake page queues its uploads through recruiting.intake.jobs.
    """
    batch = IntakeBatch.objects.create(position=position, source=source, created_by=by)
    limits = intake_limits()
    options = _Options(
        batch=batch, position=position, by=by, engine=intake_engine(), consented=consented,
        talent_pool_consent=talent_pool_consent, candidate_source=candidate_source,
    )
    for filename, content in files:
        for doc in iter_documents(filename, content, limits):
            intake_document_safely(doc, options)
    return finish_batch(batch, by=by, start_screening=start_screening)


def intake_document_safely(doc: Document, options: _Options) -> IntakeItem:
    """One document → one item; an unexpected error becomes a FAILED item, never a stopped batch.
    Stored messages are written in Chinese (the source language), whatever the uploader's UI language."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return _intake_document(doc, options)
        except Exception as exc:  # noqa: BLE001 — one document never stops the batch
            if is_infrastructure_error(exc):
                # The database or Redis failed, not this document: no FAILED item; the job stops and the
                # batch is resumed from this document (recruiting.intake.jobs).
                raise
            logger.exception("intake of %r in batch %s failed", doc.name, options.batch.pk)
            return _failed(doc, options, gettext("处理该文件时发生内部错误，已跳过；请联系管理员查看日志。"))


def finish_batch(batch: IntakeBatch, *, by, start_screening: bool = True) -> IntakeBatch:
    """Counts, audit row, screening run and status of a batch whose documents are all processed.

    Sets ``counts`` (outcome → number) on the returned batch; ``screening_run`` is stored on the row."""
    counts = Counter(batch.items.values_list("outcome", flat=True))
    application_ids = list(dict.fromkeys(
        batch.items.exclude(application_id=None).order_by("id").values_list("application_id", flat=True)
    ))
    audit.record(
        action="create", actor=by, object_type="resume_intake", object_id=str(batch.pk),
        note=", ".join(f"{outcome}={counts[outcome]}" for outcome in Outcome.values),
    )
    batch.counts = {outcome: counts[outcome] for outcome in Outcome.values}
    run = None
    if batch.position is not None and application_ids and start_screening:
        run = _start_screening(position=batch.position, application_ids=application_ids, by=by)
    batch.screening_run = run
    batch.status = IntakeBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["screening_run", "status", "finished_at", "updated_at"])
    return batch


def intake_text(
    *, text: str, filename: str = "pasted.txt", position: Position | None, by,
    source: str = IntakeBatch.Source.PASTE, **options,
) -> IntakeBatch:
    """Pasted resume text, taken in like an uploaded UTF-8 text file (same guarantees as intake_files)."""
    return intake_files(
        files=[(filename, text.encode("utf-8"))], position=position, by=by, source=source, **options
    )


def _start_screening(*, position: Position, application_ids: list[int], by):
    """Start the batch screening of the applications just taken in; never fails the intake itself."""
    try:
        return start_screening_run(position=position, application_ids=application_ids, by=by)
    except Exception:  # noqa: BLE001 — the intake is committed; HR can start screening from the position
        logger.exception("starting the screening run of position %s failed", position.pk)
        return None


# --- reads ---------------------------------------------------------------------------------------


def screening_run_of(batch: IntakeBatch, application_ids: list[int]) -> ScreeningRun | None:
    """The screening run started for a batch: stored on the batch; for batches from before that column,
    the first run of its position created after it that covers its applications."""
    if batch.screening_run_id:
        return batch.screening_run
    if batch.position_id is None or not application_ids:
        return None
    return (
        ScreeningRun.objects.filter(
            position_id=batch.position_id, created_at__gte=batch.created_at, items__application_id__in=application_ids
        )
        .order_by("id")
        .first()
    )


def batch_items(batch: IntakeBatch) -> QuerySet[IntakeItem]:
    return batch.items.select_related("candidate", "resume", "application").order_by("id")
