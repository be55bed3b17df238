# 智聘 HR portal — one image for the web (gunicorn) and the worker (rqworker) processes.
# Production settings; secrets come from the environment (docker-compose.yml reads them from .env).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    HRPORTAL_SKIP_DOTENV=1 \
    DJANGO_SETTINGS_MODULE=hrportal.settings_production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    SCREENING_CACHE_DIR=/data/cache

# CJK fonts + pango/harfbuzz for weasyprint's PDF contracts, gettext for compilemessages, curl for health checks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        gettext curl \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system hrportal \
    && useradd --system --gid hrportal --home-dir /app --shell /usr/sbin/nologin hrportal

WORKDIR /app

# Pinned runtime dependencies first (from pyproject.toml), so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# Build-time only keys: collectstatic/compilemessages import the production settings, which refuse to
# start without secrets. The running container gets the real ones from the environment.
RUN SECRET_KEY=build-only-key-never-used-at-runtime-0123456789abcdefghijklmnop \
    FIELD_ENCRYPTION_KEYS=build:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA \
    FIELD_HASH_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA \
    sh -c "python manage.py compilemessages -v 0 --ignore=staticfiles && python manage.py collectstatic --noinput -v 0" \
    && mkdir -p /data/media \
    && chown -R hrportal:hrportal /data

USER hrportal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["gunicorn", "hrportal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--access-logfile", "-", "--forwarded-allow-ips", "*"]
