"""The bias audit (issue 17 item 5): impact ratios against a hand-computed example, the 2 % exclusion, the
LL144 scoring rate, consent, the page, the CSV and the dashboard alert."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.fairness import audit, rates, services
from interviews.models import SelfIdentification
from recruiting.models import Application, Candidate


def test_impact_ratio_of_the_worked_example():
    # men 80/200 = 0.40, women 45/150 = 0.30 → 0.30 / 0.40 = 0.75 < 0.8; "other" 3/7 holds 7/357 < 2 %
    table = rates.impact_table({"male": (200, 80), "female": (150, 45), "other": (7, 3)},
                               measure="offer", attribute="gender")
    by = {c.category: c for c in table.categories}
    assert by["male"].rate == 0.4 and by["male"].impact_ratio == 1.0 and not by["male"].flagged
    assert by["female"].rate == 0.3 and by["female"].impact_ratio == pytest.approx(0.75) and by["female"].flagged
    assert [(c.category, c.n, c.rate) for c in table.excluded] == [("other", 7, pytest.approx(3 / 7, abs=1e-6))]
    assert [c.category for c in table.flags] == ["female"]
    assert by["female"].small is False
    small = rates.impact_table({"a": (20, 10), "b": (20, 4)}, measure="m", attribute="x")
    assert all(c.small for c in small.categories) and small.categories[1].impact_ratio == pytest.approx(0.4)


def test_scoring_rate_uses_the_whole_sample_median_and_strictly_above():
    frame = pd.DataFrame({"score": [1, 2, 3, 3, 3, 4, 5, 6],
                          "gender": ["male", "male", "male", "female", "female", "female", "male", "unknown"]})
    (table,) = rates.scoring_tables(frame, measure="screening_score", score="score", attributes=["gender"])
    assert table.median == 3.0 and table.unknown == 1
    by = {c.category: c for c in table.categories}
    assert (by["male"].n, by["male"].selected) == (4, 1)  # only 5 is above 3; the 3s at the median do not count
    assert (by["female"].n, by["female"].selected) == (2 + 1, 1)


def _applicant(position, i, *, gender, reached, consent=True):
    candidate = Candidate.objects.create(name=f"审计{i}")
    app = Application.objects.create(candidate=candidate, position=position)
    path = {"rejected_at_screening": ["rejected"], "shortlisted_then_rejected": ["shortlisted", "rejected"],
            "offer": ["shortlisted", "interviewing", "offer"],
            "interviewed_then_rejected": ["shortlisted", "interviewing", "rejected"], "new": []}[reached]
    for stage in path:
        app.set_stage(stage, reason="测试")
    SelfIdentification.objects.create(candidate=candidate, gender=gender, consent_at=timezone.now() if consent else None,
                                      consent_version="audit-1")
    return app


def test_audit_over_the_database(ehr, users, client):
    position = ehr["position"]
    i = 0
    plan = [("male", "offer", 4), ("male", "shortlisted_then_rejected", 4), ("male", "rejected_at_screening", 2),
            ("female", "offer", 2), ("female", "interviewed_then_rejected", 2), ("female", "rejected_at_screening", 6),
            ("female", "new", 3)]
    for gender, reached, count in plan:
        for _ in range(count):
            _applicant(position, i, gender=gender, reached=reached)
            i += 1
    for _ in range(5):  # no consent: unknown, whatever they said
        _applicant(position, i, gender="female", reached="offer", consent=False)
        i += 1
    result = audit.compute()
    tables = {(t.measure, t.attribute): t for t in result.tables}
    shortlist = {c.category: c for c in tables[("shortlist", "gender")].categories}
    # male: 8 of 10 shortlisted; female: 4 of 10 (the 3 still "new" are not decided yet) → 0.5
    assert (shortlist["male"].n, shortlist["male"].selected) == (10, 8)
    assert (shortlist["female"].n, shortlist["female"].selected) == (10, 4)
    assert shortlist["female"].impact_ratio == pytest.approx(0.5) and shortlist["female"].flagged
    assert tables[("shortlist", "gender")].unknown == 5
    interview = {c.category: c for c in tables[("interview", "gender")].categories}
    assert (interview["male"].n, interview["male"].selected) == (4, 4)
    assert (interview["female"].n, interview["female"].selected) == (4, 2)

    client.force_login(users["manager"])
    assert client.get(reverse("interviews:bias_audit")).status_code == 403
    client.force_login(users["hr"])
    assert client.post(reverse("interviews:bias_audit_run")).status_code == 302
    page = client.get(reverse("interviews:bias_audit")).content.decode()
    assert 'data-measure="shortlist"' in page and "<svg" in page
    assert "data-bias-alert" in client.get(reverse("dashboard")).content.decode()
    response = client.get(reverse("interviews:bias_audit_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == services.CSV_HEADER
    female_shortlist = next(r for r in rows if r[:4] == ["shortlist", "selection", "gender", "female"])
    assert female_shortlist[7] == "0.5" and female_shortlist[8] == "yes"


def test_the_audit_never_feeds_a_score():
    """Only the fairness package (and the admin and the models package) reads the self-identification."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    readers = []
    for path in list((root / "recruiting").rglob("*.py")) + list((root / "interviews").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "SelfIdentification" in text or "self_identification" in text:
            readers.append(str(path.relative_to(root)))
    allowed = ("interviews/fairness/", "interviews/models/", "interviews/migrations/", "interviews/admin.py",
               "interviews/demo")
    assert readers and all(r.startswith(allowed) for r in readers), readers
