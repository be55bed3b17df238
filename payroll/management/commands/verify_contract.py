"""``manage.py verify_contract ID``: recompute the sha256 of an archived contract (and of its signed PDF)
and compare it with what was recorded when it was rendered and signed. Exit 0 when everything matches, 1 on a
mismatch, 2 for an unknown contract."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from payroll.contracts.services import verify
from payroll.models import Contract


class Command(BaseCommand):
    help = "Recompute an archived contract's sha256 and compare it with the recorded one."

    def add_arguments(self, parser):
        parser.add_argument("contract_id", type=int)

    def handle(self, *args, contract_id: int, **options):
        contract = Contract.objects.filter(pk=contract_id).first()
        if contract is None:
            self.stderr.write(f"verify_contract: no contract {contract_id}")
            sys.exit(2)
        result = verify(contract)
        for line in result.lines:
            (self.stdout if result.ok else self.stderr).write(line)
        if not result.ok:
            sys.exit(1)
