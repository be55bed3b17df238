"""Settings for the 智聘 HR portal, read from the environment (and a local, uncommitted .env).

The embedded default needs nothing: SQLite, jobs run in-process, WeCom sandbox, e-mail to the console.
PostgreSQL, Redis and real WeCom are opted into with DATABASE_URL, REDIS_URL and WECOM_*.
Production hardening lives in ``hrportal.settings_production``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from hrportal.envvars import NumericEnv

BASE_DIR = Path(__file__).resolve().parent.parent

# A developer's .env never overrides what the process environment already says (CI, docker, systemd).
if os.environ.get("HRPORTAL_SKIP_DOTENV") != "1":
    load_dotenv(BASE_DIR / ".env", override=False)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Every number below is read through _numbers (hrportal.envvars) and checked at the end of this file (one clear error for all).
_numbers = NumericEnv()

DEBUG = env_bool("DEBUG", False)

# Outside production a missing SECRET_KEY falls back to a fixed development value so that `make test`
# works on a fresh clone; settings_production refuses to start without a real one.
INSECURE_DEV_SECRET_KEY = "django-insecure-hrportal-development-only-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY") or INSECURE_DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_rq",
    "axes",
    "hrportal",
    "recruiting",
    "interviews",
    "wecom",
    "payroll",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hrportal.middleware.AccessPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hrportal.urls"
WSGI_APPLICATION = "hrportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hrportal.context_processors.navigation",
            ],
            # {% colon %}, |join_list, |display_name in every template (issue 20: one language per page)
            "builtins": ["hrportal.templatetags.hrportal_i18n"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'hrportal.sqlite3'}",
        conn_max_age=_numbers.int("DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Writers take the lock when their transaction starts, so two racing bookings wait for each other
    # (select_for_update is a no-op on SQLite) instead of failing with "database is locked" mid-way.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # WAL with synchronous=NORMAL: a commit appends to the log without waiting for the disk (fsync at
    # checkpoints only), so `make run`'s migrate and seed are not bound by a slow shared disk; readers do not
    # block the writer. A power cut may lose the last commits, never corrupt the file (the embedded default
    # is for development; production runs PostgreSQL).
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in-memory for tests

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (issue 14): django-axes locks an account or a client address after repeated failures,
# for a time that grows with each lockout (hrportal/login_throttle.py has the rules and the message).
AUTHENTICATION_BACKENDS = [
    "hrportal.login_throttle.ThrottlingBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = _numbers.int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = "hrportal.login_throttle.cool_off"
AXES_LOCKOUT_CALLABLE = "hrportal.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "hrportal.audit.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# --- Chinese first -------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [Path(os.environ.get("HRPORTAL_LOCALE_DIR") or BASE_DIR / "locale")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
WHITENOISE_USE_FINDERS = True  # serve from static/ directly until collectstatic has run (development, tests)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Redis / RQ / cache --------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
RQ_QUEUES = {
    name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}
    for name in ("default", "screening", "outbox")
}
# Our worker class: heartbeats every RQ_JOB_MONITORING_SECONDS while a job runs, and its work horse dies with it
# (hrportal/worker.py). A started job whose worker has been silent for RQ_WORKER_SILENT_SECONDS counts as
# abandoned (hrportal.queues.job_is_alive): its run or batch is queued again by the periodic check.
RQ = {"WORKER_CLASS": "hrportal.worker.Worker"}
RQ_JOB_MONITORING_SECONDS = _numbers.int("RQ_JOB_MONITORING_SECONDS", 10, minimum=1)
RQ_WORKER_SILENT_SECONDS = _numbers.float("RQ_WORKER_SILENT_SECONDS", 30, above=0)
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Recruiting analytics (issue 20): a computed report is kept this long per report, scope, filter and language;
# 0 computes every request. docs/analytics.md.
ANALYTICS_CACHE_SECONDS = _numbers.int("ANALYTICS_CACHE_SECONDS", 300, minimum=0, maximum=86400)

# --- Optional AI backends (issue 22, hrportal/ai/) ---------------------------------------------------
# Nothing contacts a network by default: without AI_BASE_URL every AI task runs its deterministic engine, and
# without ASR_BASE_URL the interview room has no speech-to-text (typed/dictated notes only). An endpoint is used
# only when its host is in AI_ALLOWED_HOSTS (self-hosted, PIPL: data stays in China). docs/ai.md.
AI_BASE_URL = os.environ.get("AI_BASE_URL", "").rstrip("/")
AI_API_KEY = os.environ.get("AI_API_KEY", "")
AI_MODEL = os.environ.get("AI_MODEL", "")
ASR_BASE_URL = os.environ.get("ASR_BASE_URL", "").rstrip("/")
ASR_API_KEY = os.environ.get("ASR_API_KEY", "") or AI_API_KEY
ASR_MODEL = os.environ.get("ASR_MODEL", "whisper-1")
AI_ALLOWED_HOSTS = env_list("AI_ALLOWED_HOSTS")
AI_TIMEOUT_SECONDS = _numbers.float("AI_TIMEOUT_SECONDS", 30, above=0)
AI_MAX_RETRIES = _numbers.int("AI_MAX_RETRIES", 2, minimum=0, maximum=10)
AI_BREAKER_FAILURES = _numbers.int("AI_BREAKER_FAILURES", 3, minimum=1)
AI_BREAKER_COOLDOWN_SECONDS = _numbers.float("AI_BREAKER_COOLDOWN_SECONDS", 60, above=0)

# The interview room's recording (interviews/room/recording.py): seconds per uploaded chunk, the largest chunk
# accepted, and how often the page asks for new transcript lines.
ROOM_AUDIO_CHUNK_SECONDS = _numbers.int("ROOM_AUDIO_CHUNK_SECONDS", 15, minimum=1, maximum=120)
ROOM_AUDIO_MAX_BYTES = _numbers.int("ROOM_AUDIO_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
ROOM_TRANSCRIPT_POLL_SECONDS = _numbers.float("ROOM_TRANSCRIPT_POLL_SECONDS", 0.5, above=0)

# --- Personal-data protection --------------------------------------------------------------------
# FIELD_ENCRYPTION_KEYS: comma-separated "keyid:base64(32 bytes)", the first one encrypts new values,
# the others still decrypt (rotation). FIELD_HASH_KEY: the HMAC key of blind indexes (never rotated
# without re-indexing). Outside production both fall back to keys derived from SECRET_KEY.
FIELD_ENCRYPTION_KEYS = os.environ.get("FIELD_ENCRYPTION_KEYS", "")
FIELD_HASH_KEY = os.environ.get("FIELD_HASH_KEY", "")
CANDIDATE_RETENTION_DAYS = _numbers.int("CANDIDATE_RETENTION_DAYS", 90, minimum=1)
# A candidate who consented to the talent pool is kept this long instead (stated in the Art. 17 notice).
TALENT_POOL_RETENTION_DAYS = _numbers.int("TALENT_POOL_RETENTION_DAYS", 730, minimum=1)
# The retention purge (hrportal/privacy/purge.py): candidates per transaction, and the hour (Asia/Shanghai)
# at which the daily job is scheduled on RQ.
PRIVACY_PURGE_BATCH = _numbers.int("PRIVACY_PURGE_BATCH", 500, minimum=1)
PRIVACY_PURGE_HOUR = _numbers.int("PRIVACY_PURGE_HOUR", 3, minimum=0, maximum=23)
# How long the candidate's rights link (recruiting/rights/links.py), carried by every message, stays valid.
PRIVACY_LINK_DAYS = _numbers.int("PRIVACY_LINK_DAYS", 90, minimum=1)

# --- Resume screening ------------------------------------------------------------------------------
# Past hires with performance data a position needs before its screening weights may move.
SCREENING_MIN_HIRES = _numbers.int("SCREENING_MIN_HIRES", 30, minimum=1)
# A screening run whose worker has been silent this long is re-queued by `resume_screening_runs` (fractions
# allowed: 0.25 = 15 s). Runs whose RQ job's worker is gone are noticed sooner (docs/operations.md).
SCREENING_STALL_MINUTES = _numbers.float("SCREENING_STALL_MINUTES", 10, above=0)
INTAKE_STALL_MINUTES = _numbers.float("INTAKE_STALL_MINUTES", 10, above=0)

# --- The learning loop (issue 17, docs/learning.md) ----------------------------------------------------
# Hires with interview scores and a later review a position needs before a weight set is proposed.
INTERVIEW_LEARNING_MIN_HIRES = _numbers.int("INTERVIEW_LEARNING_MIN_HIRES", 30, minimum=3)
# Seconds a refit waits after a new review, so that a burst of reviews (an import) refits once.
INTERVIEW_LEARNING_DEBOUNCE_SECONDS = _numbers.int("INTERVIEW_LEARNING_DEBOUNCE_SECONDS", 300, minimum=0)
# The hour (Asia/Shanghai) of the nightly refit of every position and the bias audit (run by run_sweeper).
INTERVIEW_LEARNING_NIGHTLY_HOUR = _numbers.int("INTERVIEW_LEARNING_NIGHTLY_HOUR", 2, minimum=0, maximum=23)
SCREENING_CHUNK_SIZE = _numbers.int("SCREENING_CHUNK_SIZE", 50, minimum=1)
# Where the screening engine keeps tables derived from jieba's dictionary and each position's query terms
# between processes (recruiting/screening/diskcache.py); empty = keep them in memory only. A directory that
# cannot be written (read-only installation) is not an error: the tables are then built in memory.
SCREENING_CACHE_DIR = os.environ.get("SCREENING_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "screening"))
RESUME_MAX_FILE_MB = _numbers.float("RESUME_MAX_FILE_MB", 10, above=0)
RESUME_MAX_ZIP_MB = _numbers.float("RESUME_MAX_ZIP_MB", 200, above=0)
# Embedded default (no REDIS_URL): intake batches run in a background thread of the web process, so an
# upload request returns at once (recruiting/intake/background.py); 0 runs them inside the request instead.
INTAKE_IN_BACKGROUND = env_bool("INTAKE_IN_BACKGROUND", True)
# Version of the privacy notice candidates agree to at intake (PIPL Art. 17); shown in the consent record.
CANDIDATE_CONSENT_VERSION = os.environ.get("CANDIDATE_CONSENT_VERSION", "2026-01")
# --- The careers page (issue 23, recruiting/careers/) ---------------------------------------------------
# One public application's resume file (no zips); never above RESUME_MAX_FILE_MB.
CAREERS_MAX_FILE_MB = _numbers.float("CAREERS_MAX_FILE_MB", 5, above=0)
# Applications accepted per client address, and per position, within CAREERS_RATE_WINDOW_MINUTES.
CAREERS_RATE_PER_ADDRESS = _numbers.int("CAREERS_RATE_PER_ADDRESS", 5, minimum=1)
CAREERS_RATE_PER_POSITION = _numbers.int("CAREERS_RATE_PER_POSITION", 200, minimum=1)
CAREERS_RATE_WINDOW_MINUTES = _numbers.int("CAREERS_RATE_WINDOW_MINUTES", 60, minimum=1)
# The public list and position pages are cached this long (and dropped at once when a position changes).
CAREERS_CACHE_SECONDS = _numbers.int("CAREERS_CACHE_SECONDS", 600, minimum=0)
# --- Resumes by e-mail (issue 23, recruiting/mailbox/): an IMAP mailbox polled by run_sweeper; off when no host
MAILBOX_IMAP_HOST = os.environ.get("MAILBOX_IMAP_HOST", "")
MAILBOX_IMAP_PORT = _numbers.int("MAILBOX_IMAP_PORT", 993, minimum=1, maximum=65535)
MAILBOX_IMAP_SSL = env_bool("MAILBOX_IMAP_SSL", True)
MAILBOX_IMAP_USER = os.environ.get("MAILBOX_IMAP_USER", "")
MAILBOX_IMAP_PASSWORD = os.environ.get("MAILBOX_IMAP_PASSWORD", "")
MAILBOX_IMAP_FOLDER = os.environ.get("MAILBOX_IMAP_FOLDER", "INBOX")
# Requests may carry a zip up to RESUME_MAX_ZIP_MB; Django's own body limit applies only to non-file fields.
DATA_UPLOAD_MAX_NUMBER_FILES = _numbers.int("DATA_UPLOAD_MAX_NUMBER_FILES", 200, minimum=1)

# --- Interview calibration (AI suggestions vs interviewers' scores) -----------------------------------
# A pair "differs" when |AI − human| is above the tolerance (points); the dashboard alerts above the rate.
INTERVIEW_CALIBRATION_TOLERANCE = _numbers.float("INTERVIEW_CALIBRATION_TOLERANCE", 1, minimum=0)
INTERVIEW_CALIBRATION_ALERT_RATE = _numbers.float("INTERVIEW_CALIBRATION_ALERT_RATE", 0.05, minimum=0, maximum=1)

# --- Feedback surveys after the interview (interviews/surveys/) ----------------------------------------
# Sent this long after the interview is marked done; one reminder this long after sending if unanswered;
# the link works this many days after sending.
SURVEY_DELAY_HOURS = _numbers.float("SURVEY_DELAY_HOURS", 2, minimum=0)
SURVEY_REMINDER_HOURS = _numbers.float("SURVEY_REMINDER_HOURS", 48, above=0)
SURVEY_LINK_DAYS = _numbers.int("SURVEY_LINK_DAYS", 14, minimum=1)

# --- WeCom (企业微信); unset → the in-app sandbox transport ---------------------------------------
WECOM_CORP_ID = os.environ.get("WECOM_CORP_ID", "")
WECOM_AGENT_ID = os.environ.get("WECOM_AGENT_ID", "")
WECOM_SECRET = os.environ.get("WECOM_SECRET", "")
WECOM_TOKEN = os.environ.get("WECOM_TOKEN", "")
WECOM_ENCODING_AES_KEY = os.environ.get("WECOM_ENCODING_AES_KEY", "")
WECOM_API_BASE = os.environ.get("WECOM_API_BASE", "https://qyapi.weixin.qq.com/cgi-bin/")
WECOM_TIMEOUT = _numbers.float("WECOM_TIMEOUT", 10, above=0)
WECOM_SCHEDULE_ENABLED = env_bool("WECOM_SCHEDULE_ENABLED", False)
# Callbacks older than this many seconds are refused as replays (0 disables the window).
WECOM_CALLBACK_MAX_AGE = _numbers.int("WECOM_CALLBACK_MAX_AGE", 300, minimum=0)
WECOM_CALLBACK_MAX_BYTES = _numbers.int("WECOM_CALLBACK_MAX_BYTES", 65536, minimum=1)
# Stored callbacks are handled by a drain job (docs/wecom.md): its longest run, and how long an event may wait
# before the periodic sweep gives it a new job.
WECOM_CALLBACK_DRAIN_SECONDS = _numbers.int("WECOM_CALLBACK_DRAIN_SECONDS", 60, minimum=1)
WECOM_CALLBACK_SWEEP_GRACE_SECONDS = _numbers.int("WECOM_CALLBACK_SWEEP_GRACE_SECONDS", 60, minimum=0)
# The sandbox is the default transport while WeCom is not configured (WECOM_SANDBOX_ENABLED=0 turns it off).
WECOM_SANDBOX_ENABLED = env_bool("WECOM_SANDBOX_ENABLED", True)
# The sandbox (WeCom unset) signs its callbacks with its own Token / EncodingAESKey / corp id; by default
# they are derived from SECRET_KEY, so every installation has its own (wecom/sandbox/mode.py).
WECOM_SANDBOX_TOKEN = os.environ.get("WECOM_SANDBOX_TOKEN", "")
WECOM_SANDBOX_ENCODING_AES_KEY = os.environ.get("WECOM_SANDBOX_ENCODING_AES_KEY", "")
WECOM_SANDBOX_CORP_ID = os.environ.get("WECOM_SANDBOX_CORP_ID", "")
# Where the sandbox POSTs its callbacks; empty = this request's own origin + /wecom/callback/.
WECOM_SANDBOX_CALLBACK_URL = os.environ.get("WECOM_SANDBOX_CALLBACK_URL", "")
# Day-before interview reminders go out at this hour, interview-local time (wecom/reminders/services.py).
WECOM_REMINDER_HOUR = _numbers.int("WECOM_REMINDER_HOUR", 10, minimum=0, maximum=23)
# The candidate's self-service link works until the interview's end + grace, at most N days after issue.
CANDIDATE_LINK_GRACE_HOURS = _numbers.int("CANDIDATE_LINK_GRACE_HOURS", 12, minimum=0)
CANDIDATE_LINK_MAX_DAYS = _numbers.int("CANDIDATE_LINK_MAX_DAYS", 30, minimum=1)
# Outbox tuning (defaults and meaning: docs/wecom.md, "Outbox and transports"); unset → the default in wecom/outbox/.
for _name in (
    "OUTBOX_MAX_ATTEMPTS", "OUTBOX_BACKOFF_BASE_SECONDS", "OUTBOX_BACKOFF_CAP_SECONDS", "OUTBOX_LEASE_SECONDS",
    "OUTBOX_SWEEP_GRACE_SECONDS", "OUTBOX_EMBEDDED_SWEEP_SECONDS", "OUTBOX_DRAIN_SECONDS", "OUTBOX_DRAIN_CONCURRENCY",
):
    _value = _numbers.int(_name, None, minimum=0)
    if _value is not None:
        globals()[_name] = _value

# --- Payroll (docs/payroll.md) ----------------------------------------------------------------------
PAYROLL_PAY_DAY = _numbers.int("PAYROLL_PAY_DAY", 10, minimum=1, maximum=31)  # wages on the 10th of next month
PAYROLL_CHUNK_SIZE = _numbers.int("PAYROLL_CHUNK_SIZE", 500, minimum=1)
# seconds to pause after each chunk (default 0): keeps a large run from saturating a shared database; tests use it
PAYROLL_CHUNK_PAUSE_SECONDS = _numbers.float("PAYROLL_CHUNK_PAUSE_SECONDS", 0, minimum=0)
PAYROLL_STALL_MINUTES = _numbers.float("PAYROLL_STALL_MINUTES", 10, above=0)
PAYSLIP_LINK_DAYS = _numbers.int("PAYSLIP_LINK_DAYS", 14, minimum=1)

# Absolute links in messages (interview room, candidate self-service) start with this origin.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- E-mail ----------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hr@example.com")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _numbers.int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# SMS transport backend (dotted path); the console default prints instead of sending (wecom/outbox/transports/sms.py)
SMS_BACKEND = os.environ.get("SMS_BACKEND", "wecom.outbox.transports.sms.ConsoleSmsBackend")

# --- the REST API (issue 21; docs/api.md) ------------------------------------------------------------------
API_TOKEN_DEFAULT_DAYS = _numbers.int("API_TOKEN_DEFAULT_DAYS", 90, minimum=1)
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/min")  # per token; DRF rate syntax (n/s, n/min, n/hour)
API_PAGE_SIZE = _numbers.int("API_PAGE_SIZE", 50, minimum=1)
API_MAX_PAGE_SIZE = _numbers.int("API_MAX_PAGE_SIZE", 200, minimum=1)
WEBHOOK_TIMEOUT_SECONDS = _numbers.float("WEBHOOK_TIMEOUT_SECONDS", 10, above=0)
REST_FRAMEWORK = {
    # bearer tokens only: no SessionAuthentication, so no cookie-authenticated (CSRF-prone) writes
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.auth.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.scopes.TokenScopePermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.IdCursorPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "智聘 HR portal API",
    "DESCRIPTION": "Versioned REST API for EHR/HRIS, job boards and finance (docs/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # one name per choice set shared by several fields (check --deploy warns otherwise: drf_spectacular.W001)
    "ENUM_NAME_OVERRIDES": {
        "EducationEnum": "recruiting.models.ehr.Education",
        "PayrollRunStatusEnum": "payroll.models.runs.PayrollRun.Status",
    },
}

_numbers.check()  # one ImproperlyConfigured naming every bad number above

# --- Security headers that hold in every mode ----------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; kept default-safe
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp, issue 14 item 6). Scripts only from our own static files: no inline
# script, no event-handler attributes, no eval (htmx's allowEval is off in base.html). The one exception is
# style *attributes* (style-src-attr 'unsafe-inline'): progress and weight bars set their width inline; a
# style attribute cannot run code. docs/decisions.md, 2026-12-07.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # httpx logs request URLs (with access tokens) at INFO; wecom.protocol.client also redacts them.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}

