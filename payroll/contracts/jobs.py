"""RQ entry point: render an offer's contract (a new stored version). Used when many contracts are rendered
at once (a template change, the benchmark); sending one offer renders inline (payroll/offers/services.py)."""

from __future__ import annotations

from hrportal.queues import enqueue
from payroll.contracts.services import issue_contract
from payroll.models import Offer


def render_contract(offer_id: int) -> int:
    offer = Offer.objects.select_related("application__candidate", "application__position__department", "city").get(pk=offer_id)
    return issue_contract(offer=offer, language=offer.language).pk


def queue_render(offer_id: int, *, batch: str = "") -> None:
    enqueue(render_contract, offer_id, job_id=f"payroll-contract-{offer_id}-{batch}" if batch else None)
