"""Issue 14 item 4: an id filter that is not an id ("²", a number past 64 bits, "١٢٣") is ignored, never a 500.

Every view that reads an id from the query string or a posted form goes through ``hrportal.params.id_param``
(a Django form); this walks the GET filters the probe found and the posted ones of the same pattern."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hrportal.params import MAX_DB_ID, id_param

pytestmark = pytest.mark.django_db

HOSTILE = ["99999999999999999999", "²", "١٢٣", "-1", "0", "1e3", " 12 ", "9" * 400, str(MAX_DB_ID + 1)]


@pytest.mark.parametrize("raw,expected", [
    ("12", 12), (" 12 ", 12), ("", None), ("²", None), ("١٢٣", None), ("99999999999999999999", None),
    (str(MAX_DB_ID), MAX_DB_ID), ("0", None), ("-3", None), ("abc", None),
])
def test_id_param(raw, expected):
    assert id_param({"x": raw}, "x") == expected


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("url,name", [
    ("wecom:message_log", "interview"),
    ("recruiting:application_board", "position"),
    ("recruiting:intake", "position"),
    ("recruiting:candidate_list", "position"),
    ("recruiting:position_list", "page"),
])
def test_hostile_id_filters_never_give_a_500(client, users, ehr, url, name, value):
    client.raise_request_exception = False
    client.force_login(users["hr"])
    response = client.get(reverse(url), {name: value})
    assert response.status_code in (200, 404), (url, value, response.status_code)


def test_the_message_log_ignores_an_interview_filter_past_64_bits(client, users):
    client.force_login(users["hr"])
    assert client.get(reverse("wecom:message_log"), {"interview": "99999999999999999999"}).status_code == 200
    assert client.get(reverse("wecom:message_log"), {"interview": "²"}).status_code == 200
