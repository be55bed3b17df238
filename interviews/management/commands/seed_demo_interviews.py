"""manage.py seed_demo_interviews — demo interview plans and scheduled interviews on top of seed_demo.

Run after ``seed_demo`` (``make run`` does). Idempotent: a second run changes nothing and says so.

    manage.py seed_demo_interviews           # schedule the demo interviews
    manage.py seed_demo_interviews --remove  # remove them and the demo plans (before seed_demo --reset)
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from interviews.demo import remove_demo_interviews, seed_demo_interviews


class Command(BaseCommand):
    help = "Schedule demo interviews (one today a few minutes from now for the demo interviewer)."

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="remove the demo interviews and demo plans")

    def handle(self, *args, remove=False, **options):
        if remove:
            counts = remove_demo_interviews()
            self.stdout.write(_("已删除演示面试 %(interviews)d 场、面试计划 %(plans)d 个。") % counts)
            return
        result = seed_demo_interviews()
        if result.missing_accounts:
            self.stderr.write(self.style.WARNING(
                _("缺少演示账号（%(names)s），未安排演示面试。请先运行 seed_demo。")
                % {"names": "、".join(result.missing_accounts)}
            ))
            return
        if result.already_present:
            self.stdout.write(_("演示面试已存在，未做任何修改。"))
            return
        if result.no_applications:
            self.stdout.write(_("没有可安排面试的演示应聘（已入围或面试中）。"))
            return
        self.stdout.write(self.style.SUCCESS(_("已安排 %(n)d 场演示面试：") % {"n": len(result.created)}))
        for interview in result.created:
            panel = "、".join(a.interviewer.get_username() for a in interview.assignments.select_related("interviewer"))
            self.stdout.write(
                f"  {timezone.localtime(interview.starts_at):%Y-%m-%d %H:%M}  {interview.application.candidate.name}"
                f" · {interview.application.position.title_zh} · {interview.round.name}  [{panel}]"
                f"  {interview.get_status_display()}"
            )
        if result.history:
            self.stdout.write("  " + ", ".join(f"{k} {v}" for k, v in result.history.items()))
