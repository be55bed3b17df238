"""manage.py seed_demo_messages — invitations and candidates' replies for the demo interviews (wecom/demo.py).

Run after ``seed_demo_interviews`` (``make run`` does, through ``seed_demo_all``). Idempotent.

    manage.py seed_demo_messages           # load
    manage.py seed_demo_messages --remove  # delete the demo interviews' messages (before seed_demo_interviews --remove)
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from interviews.demo import demo_user
from wecom.demo import remove_demo_messages, seed_demo_messages


class Command(BaseCommand):
    help = "Send the demo interviews' invitations and record the candidates' replies (sandbox)."

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="remove the demo interviews' messages")

    def handle(self, *args, remove=False, **options):
        hr = demo_user("hr")
        if remove:
            self.stdout.write(f"Demo interview messages removed: {remove_demo_messages(hr=hr)}")
            return
        if hr is None:
            self.stderr.write("Demo messages not loaded: run seed_demo first (with the demo accounts).")
            return
        counts = seed_demo_messages(hr=hr)
        if not counts["invitations"]:
            self.stdout.write("Demo messages already present (or no demo interviews); nothing changed.")
            return
        self.stdout.write(self.style.SUCCESS(
            "Demo messages: " + ", ".join(f"{k} {v}" for k, v in counts.items())))
