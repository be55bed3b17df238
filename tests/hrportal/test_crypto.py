from decimal import Decimal

import pytest
from django.db import connection

from hrportal import crypto
from recruiting.models import Candidate


def test_round_trip_and_random_nonce():
    a, b = crypto.encrypt("13912345678"), crypto.encrypt("13912345678")
    assert a != b
    assert crypto.decrypt(a) == crypto.decrypt(b) == "13912345678"


def test_tampered_value_is_refused():
    token = crypto.encrypt("secret")
    key_id, _, body = token.partition("$")
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(key_id + "$" + flipped)


def test_blind_index_normalises_phone_and_email():
    assert crypto.blind_index("+86 139-1234-5678", kind="phone") == crypto.blind_index("13912345678", kind="phone")
    assert crypto.blind_index(" A@Example.COM ", kind="email") == crypto.blind_index("a@example.com", kind="email")
    assert crypto.blind_index("", kind="phone") == ""


@pytest.mark.django_db
def test_personal_data_is_not_stored_in_clear():
    Candidate.objects.create(name="测试", phone="13912345678", email="t@example.com", expected_salary=Decimal("23456.78"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, email, expected_salary FROM recruiting_candidate")
        phone, email, salary = cursor.fetchone()
    assert "13912345678" not in phone and "t@example.com" not in email and "23456" not in salary
    stored = Candidate.objects.get()
    assert stored.phone == "13912345678" and stored.expected_salary == Decimal("23456.78")
    assert Candidate.objects.filter(phone_hash=crypto.blind_index("139 1234 5678", kind="phone")).count() == 1


def test_values_written_with_the_development_key_stay_readable_after_real_keys(settings):
    settings.FIELD_ENCRYPTION_KEYS = ""
    crypto._keyring_for.cache_clear()
    token = crypto.encrypt("13800000000")
    assert token.startswith("dev$")
    settings.FIELD_ENCRYPTION_KEYS = "k1:" + crypto.generate_key()
    crypto._keyring_for.cache_clear()
    try:
        assert crypto.decrypt(token) == "13800000000"
        assert crypto.needs_rotation(token)
        assert crypto.encrypt("x").startswith("k1$")
    finally:
        settings.FIELD_ENCRYPTION_KEYS = ""
        crypto._keyring_for.cache_clear()
