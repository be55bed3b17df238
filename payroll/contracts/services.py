"""Contracts at rest: render and store a version (encrypted PDF + its sha256), read it back, verify it.

Guarantees: the stored bytes are the exact bytes the candidate is shown; ``verify`` recomputes the sha256 of
the stored PDF (and of the signed PDF when there is one) and says which one no longer matches."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from hrportal import crypto
from payroll.contracts import render
from payroll.models import Contract


@transaction.atomic
def issue_contract(*, offer, language: str = "zh-hans") -> Contract:
    """Render the offer's contract now and store it as a new version."""
    html = render.contract_html(render.contract_context(offer, language=language))
    pdf = render.pdf_from_html(html)
    return Contract.objects.create(offer=offer, language=language, html=html, pdf=crypto.encrypt_bytes(pdf), sha256=render.sha256_of(pdf))


def contract_pdf(contract: Contract) -> bytes:
    return crypto.decrypt_bytes(bytes(contract.pdf))


def signed_pdf(contract: Contract) -> bytes:
    return crypto.decrypt_bytes(bytes(contract.signed_pdf))


def latest_contract(offer) -> Contract | None:
    return offer.contracts.order_by("-created_at", "-id").first()


@dataclass(frozen=True)
class Verification:
    ok: bool
    lines: list[str]


def verify(contract: Contract) -> Verification:
    """Recompute the hashes of what is archived (English: an operator's command)."""
    lines, ok = [], True
    try:
        original = contract_pdf(contract)
    except crypto.DecryptionError as exc:
        return Verification(False, [f"contract {contract.pk}: stored PDF cannot be decrypted ({exc})"])
    digest = render.sha256_of(original)
    if digest == contract.sha256:
        lines.append(f"contract {contract.pk}: document sha256 {digest} OK")
    else:
        ok = False
        lines.append(f"contract {contract.pk}: document sha256 MISMATCH (recorded {contract.sha256}, computed {digest})")
    if contract.signed_at is None:
        lines.append(f"contract {contract.pk}: not signed")
        return Verification(ok, lines)
    try:
        signed = signed_pdf(contract)
    except crypto.DecryptionError as exc:
        return Verification(False, [*lines, f"contract {contract.pk}: signed PDF cannot be decrypted ({exc})"])
    signed_digest = render.sha256_of(signed)
    if signed_digest == contract.signed_sha256:
        lines.append(f"contract {contract.pk}: signed PDF sha256 {signed_digest} OK "
                     f"(signed by {contract.signer_name} at {contract.signed_at.isoformat()})")
    else:
        ok = False
        lines.append(f"contract {contract.pk}: signed PDF sha256 MISMATCH (recorded {contract.signed_sha256}, computed {signed_digest})")
    return Verification(ok, lines)
