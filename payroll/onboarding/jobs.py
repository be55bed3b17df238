"""The start-date job: onboard every accepted offer whose start date has come. Registered as a periodic
sweep (PayrollConfig.ready) and run by ``manage.py onboard_new_hires``; each offer is onboarded in its own
transaction and ``onboard`` is idempotent, so a second run or a second worker changes nothing."""

from __future__ import annotations

import datetime as dt
import logging

from hrportal.queues import enqueue
from payroll.offers.services import expire_offers
from payroll.onboarding.services import OnboardingRefused, due_offer_ids, onboard

log = logging.getLogger(__name__)


def onboard_offer(offer_id: int) -> str:
    """RQ entry point: one offer."""
    try:
        return onboard(offer_id=offer_id).status
    except OnboardingRefused as exc:
        log.info("offer %s not onboarded: %s", offer_id, exc)
        return "refused"


def onboard_due(on: dt.date | None = None) -> list[int]:
    """Onboard every due offer now (the command; the sweep queues them instead)."""
    done = []
    for offer_id in due_offer_ids(on):
        try:
            onboard(offer_id=offer_id, on=on)
        except OnboardingRefused as exc:
            log.info("offer %s not onboarded: %s", offer_id, exc)
            continue
        done.append(offer_id)
    return done


def sweep() -> int:
    """The periodic sweep: expire unanswered offers, queue the onboarding of each due offer."""
    expire_offers()
    ids = due_offer_ids()
    for offer_id in ids:
        enqueue(onboard_offer, offer_id, job_id=f"payroll-onboard-{offer_id}")
    return len(ids)
