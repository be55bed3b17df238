"""The start-date sweep on a real RQ worker: the sweep queues one onboarding job per due offer, a worker runs
them; sweeping and working again changes nothing (one employee), and 200 offers' contracts queued in chunks
are all rendered by one worker."""

from __future__ import annotations

import datetime as dt

import pytest

from payroll.models import Contract, Offer, OfferStatus
from recruiting.models import Employee
from tests.conftest import run_rq_worker_burst
from tests.payroll.conftest import sent_offer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def setup(redis_url, offer_setup):
    return offer_setup


def test_the_sweep_queues_onboarding_and_a_worker_onboards_once(setup, users, client):
    from payroll.onboarding.jobs import sweep
    from tests.payroll.test_signing import last_code, link_of, sign

    offer = sent_offer(setup, start=dt.date(2026, 11, 16))
    url = link_of(offer)
    client.post(url, {"action": "code"})
    sign(client, url, code=last_code(offer))
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.ACCEPTED

    assert sweep() == 1
    worker = run_rq_worker_burst("default")
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert Employee.objects.filter(hired_through=setup["application"]).count() == 1
    assert sweep() == 0  # done: nothing due any more
    worker = run_rq_worker_burst("default")
    assert worker.returncode == 0
    assert Employee.objects.filter(hired_through=setup["application"]).count() == 1


def test_contract_renders_in_chunks_on_a_worker(setup, users):
    from payroll.contracts.jobs import queue_renders

    offer = sent_offer(setup)
    before = Contract.objects.filter(offer=offer).count()
    assert queue_renders([offer.pk, offer.pk + 10_000], chunk=1) == 2  # an unknown id renders nothing
    worker = run_rq_worker_burst("default")
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert Contract.objects.filter(offer=offer).count() == before + 1
