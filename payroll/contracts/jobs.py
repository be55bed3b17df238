"""RQ entry points: render offers' contracts (a new stored version each). Used when many contracts are rendered
at once (a template change, the benchmark); sending one offer renders inline (payroll/offers/services.py).
A job takes a chunk of offer ids: weasyprint and the fonts load once per job (each RQ job runs in a fresh
work-horse process), not once per contract."""

from __future__ import annotations

from hrportal.queues import enqueue
from payroll.contracts.services import issue_contract
from payroll.models import Offer

CHUNK = 25


def render_contracts(offer_ids: list[int]) -> list[int]:
    offers = Offer.objects.select_related("application__candidate", "application__position__department", "city").filter(pk__in=offer_ids)
    return [issue_contract(offer=offer, language=offer.language).pk for offer in offers.order_by("pk")]


def queue_renders(offer_ids: list[int], *, chunk: int = CHUNK) -> int:
    """Queue the renders in chunks; returns the number of jobs."""
    chunks = [offer_ids[i:i + chunk] for i in range(0, len(offer_ids), chunk)]
    for ids in chunks:
        enqueue(render_contracts, ids)
    return len(chunks)
