"""manage.py rotate_field_keys: values sealed with an old key id are re-encrypted under the primary key,
still decrypt, and keep reading after the old key is removed."""

from __future__ import annotations

import base64
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from hrportal import crypto
from recruiting.models import Candidate, Department, Employee

K1 = "k1:" + base64.urlsafe_b64encode(b"1" * 32).decode().rstrip("=")
K2 = "k2:" + base64.urlsafe_b64encode(b"2" * 32).decode().rstrip("=")


@pytest.fixture(autouse=True)
def fresh_keyring():
    crypto._keyring_for.cache_clear()
    yield
    crypto._keyring_for.cache_clear()


def raw_values(table: str, columns: list[str]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")
        return cursor.fetchall()


def rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


CANDIDATE_COLUMNS = ["phone", "email", "id_number", "expected_salary", "resume_text"]
EMPLOYEE_COLUMNS = ["phone", "email", "id_number", "base_salary"]


def make_people():
    sales = Department.objects.create(code="SALES", name="销售部")
    for i in range(7):
        Candidate.objects.create(
            name=f"候选人{i}", phone=f"1391234560{i}", email=f"c{i}@example.com", id_number="310104199002150032",
            expected_salary=Decimal("23456.78"), resume_text=f"简历 {i}：五年销售经验",
        )
    Candidate.objects.create(name="空字段", phone="13800000000")  # empty values stay empty
    Employee.objects.create(employee_no="E1", name="员工", department=sales, hire_date=date(2020, 1, 1),
                            phone="13700000001", email="e1@example.com", base_salary=Decimal("18350"))


@pytest.mark.django_db
def test_rotation_moves_every_value_to_the_primary_key_and_survives_removing_the_old_key():
    with override_settings(FIELD_ENCRYPTION_KEYS=K1):
        crypto._keyring_for.cache_clear()
        make_people()
        before = raw_values("recruiting_candidate", CANDIDATE_COLUMNS)
        assert all(v.startswith("k1$") for row in before for v in row if v)

    with override_settings(FIELD_ENCRYPTION_KEYS=f"{K2},{K1}"):
        crypto._keyring_for.cache_clear()
        out = rotate("--dry-run")
        assert "recruiting.Candidate: 8 rows scanned, would re-encrypt 36 values" in out
        assert raw_values("recruiting_candidate", CANDIDATE_COLUMNS) == before  # dry run wrote nothing

        out = rotate("--batch-size", "3")  # several batches
        assert "recruiting.Candidate: 8 rows scanned, re-encrypted 36 values" in out
        assert "recruiting.Employee: 1 rows scanned, re-encrypted 3 values" in out
        after = raw_values("recruiting_candidate", CANDIDATE_COLUMNS) + raw_values("recruiting_employee", EMPLOYEE_COLUMNS)
        stored = [v for row in after for v in row if v]
        assert stored and all(v.startswith("k2$") for v in stored)
        assert raw_values("recruiting_candidate", ["id_number"])[-1] == ("",)

        again = rotate()
        assert "total: 0 values re-encrypted" in again  # idempotent

    with override_settings(FIELD_ENCRYPTION_KEYS=K2):  # the old key is gone
        crypto._keyring_for.cache_clear()
        candidate = Candidate.objects.get(name="候选人3")
        assert candidate.phone == "13912345603" and candidate.email == "c3@example.com"
        assert candidate.expected_salary == Decimal("23456.78") and candidate.resume_text == "简历 3：五年销售经验"
        assert Candidate.objects.filter(phone_hash=crypto.blind_index("139 1234 5603", kind="phone")).get() == candidate
        employee = Employee.objects.get()
        assert employee.base_salary == Decimal("18350.00") and employee.phone == "13700000001"


@pytest.mark.django_db
def test_values_no_configured_key_can_open_are_reported_and_left_alone():
    with override_settings(FIELD_ENCRYPTION_KEYS=K1):
        crypto._keyring_for.cache_clear()
        make_people()
    with override_settings(FIELD_ENCRYPTION_KEYS=K2):  # k1 removed before rotating: a mistake
        crypto._keyring_for.cache_clear()
        before = raw_values("recruiting_candidate", CANDIDATE_COLUMNS)
        err = io.StringIO()
        with pytest.raises(CommandError, match="could not be decrypted"):
            call_command("rotate_field_keys", stdout=io.StringIO(), stderr=err)
        assert "key id 'k1'" in err.getvalue()
        assert err.getvalue().count("cannot decrypt") <= 20  # listed per model up to a limit, not flooded
        assert raw_values("recruiting_candidate", CANDIDATE_COLUMNS) == before


@pytest.mark.django_db
def test_value_changed_during_rotation_is_not_overwritten(monkeypatch):
    """The write-back is compare-and-set: a row that no longer holds the value read keeps its new value."""
    with override_settings(FIELD_ENCRYPTION_KEYS=K1):
        crypto._keyring_for.cache_clear()
        candidate = Candidate.objects.create(name="并发", phone="13911112222")
    with override_settings(FIELD_ENCRYPTION_KEYS=f"{K2},{K1}"):
        crypto._keyring_for.cache_clear()
        original_decrypt = crypto.decrypt

        def decrypt_while_someone_edits(token):
            plain = original_decrypt(token)
            Candidate.objects.filter(pk=candidate.pk).update(phone="13933334444")  # an edit lands meanwhile
            return plain

        monkeypatch.setattr(crypto, "decrypt", decrypt_while_someone_edits)
        out = rotate()
        monkeypatch.undo()
        assert "re-encrypted 0 values" in out
        assert Candidate.objects.get(pk=candidate.pk).phone == "13933334444"
