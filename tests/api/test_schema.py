"""The OpenAPI schema is valid OpenAPI 3 and the reference page is served from vendored files (no CDN)."""

from __future__ import annotations

import re

import pytest
import yaml
from openapi_spec_validator import validate


@pytest.mark.django_db
def test_schema_validates_with_openapi_spec_validator(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/candidates/" in spec["paths"]
    assert "/api/v1/employees/{employee_no}/" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


@pytest.mark.django_db
def test_reference_page_uses_vendored_assets_only(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources and all(src.startswith("/") for src in sources), sources  # nothing from another host
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
