"""`python manage.py generate_questions --position CODE`: the same bank generation as the page's button."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from interviews.bank.services import generate_bank
from interviews.models import QuestionType
from recruiting.models import Position


class Command(BaseCommand):
    help = "Generate draft interview questions for a position from its competency model (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--position", required=True, help="position code, e.g. SM-01")

    def handle(self, *args, **options):
        code = options["position"]
        position = Position.objects.filter(code=code).first()
        if position is None:
            raise CommandError(f"no position with code {code!r}")
        result = generate_bank(position=position, by=None)
        counts = result.counts()
        self.stdout.write(f"Position {position.code}: {len(result.created)} new draft questions, "
                          f"{result.skipped_existing} already in the bank")
        by_type: dict[str, int] = {}
        for (_code, qtype), n in counts.items():
            by_type[qtype] = by_type.get(qtype, 0) + n
        self.stdout.write("By type:")
        for qtype in QuestionType.values:
            self.stdout.write(f"  {qtype}: {by_type.get(qtype, 0)}")
        self.stdout.write("By competency:")
        for pc in position.position_competencies.select_related("competency").order_by("order", "id"):
            per = {t: counts.get((pc.competency.code, t), 0) for t in QuestionType.values}
            detail = ", ".join(f"{t} {n}" for t, n in per.items() if n)
            self.stdout.write(f"  {pc.competency.code} {pc.competency.name_zh}: {sum(per.values())}"
                              + (f" ({detail})" if detail else ""))
        for comp_code, qtype in result.missing:
            self.stdout.write(self.style.WARNING(f"  not covered: {comp_code} / {qtype}"))
