"""manage.py seed_demo_feedback — demo feedback surveys and interview costs on top of the demo company,
interviews and payroll (``make run`` runs it after seed_demo_payroll; docs/feedback-and-costs.md).

Eight past, done interviews of demo applications with their candidate and interviewer surveys answered, the
demo rooms' prices, the demo manager's hourly rate and two travel claims. Idempotent.

    manage.py seed_demo_feedback           # load
    manage.py seed_demo_feedback --remove  # remove the demo cost data (the interviews go with seed_demo_interviews --remove)
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from interviews.demo import demo_user
from interviews.surveys.demo import seed_demo_feedback
from payroll.costs.demo import remove_demo_costs, seed_demo_costs


class Command(BaseCommand):
    help = "Load demo feedback surveys (answered) and demo interview costs."

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="remove the demo cost data")

    def handle(self, *args, remove=False, **options):
        if remove:
            self.stdout.write(f"Demo interview cost rows removed: {remove_demo_costs()}")
            return
        created = seed_demo_feedback(hr=demo_user("hr"), interviewer=demo_user("interviewer"), manager=demo_user("manager"))
        costs = seed_demo_costs()
        if not created and not any(costs.values()):
            self.stdout.write("Demo feedback and costs already present (or no demo company); nothing changed.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Demo feedback: {created} done interviews with answered surveys; costs: "
            + ", ".join(f"{k} {v}" for k, v in costs.items())
        ))
