"""manage.py seed_demo — load the deterministic demo company (see docs/demo-data.md).

    manage.py seed_demo                       # idempotent: a second run changes nothing and says so
    manage.py seed_demo --reset               # remove the demo company and load it again
    manage.py seed_demo --small               # a reduced company (tests, quick screenshots)
    manage.py seed_demo --allow-demo-accounts # create the demo logins even when DEBUG is off
    manage.py seed_demo --no-accounts         # data only
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from recruiting.demo.seed import demo_accounts_allowed, remove_demo_company, seed_demo_company


class Command(BaseCommand):
    help = "Load the deterministic demo company (departments, positions, employees, history, candidates)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="remove the demo data first, then seed again")
        parser.add_argument("--small", action="store_true", help="a reduced company (about 55 employees)")
        parser.add_argument("--allow-demo-accounts", action="store_true",
                            help="create demo logins with the published password even when DEBUG is off")
        parser.add_argument("--no-accounts", action="store_true", help="do not create demo logins")

    def handle(self, *args, reset=False, small=False, allow_demo_accounts=False, no_accounts=False, **options):
        with_accounts = not no_accounts and demo_accounts_allowed(allow_demo_accounts)
        if reset:
            try:
                removed = remove_demo_company()
            except ProtectedError as exc:
                raise CommandError(
                    "demo data is still referenced by other records and cannot be removed: " + str(exc.args[0])
                ) from exc
            self.stdout.write(_("已删除演示数据：%(counts)s")
                              % {"counts": "，".join(f"{k} {v}" for k, v in removed.items())})
        result = seed_demo_company(small=small, with_accounts=with_accounts)
        if result.created:
            self.stdout.write(self.style.SUCCESS(_("演示公司已创建（%(size)s）。")
                                                 % {"size": _("精简版") if small else _("完整版")}))
            for key, value in result.counts.items():
                self.stdout.write(f"  {key:<24} {value}")
        else:
            self.stdout.write(_("演示数据已存在，未做任何修改（如需重建请使用 --reset）。"))
        if result.accounts_skipped and not no_accounts:
            self.stderr.write(self.style.WARNING(_(
                "DEBUG 未开启：为安全起见没有创建使用公开密码的演示账号。确需创建请加 --allow-demo-accounts。"
            )))
        if result.accounts:
            self.stdout.write("")
            self.stdout.write(_("演示账号："))
            header = (_("用户名"), _("密码"), _("角色"), _("关联员工"))
            self.stdout.write(f"  {header[0]:<12} {header[1]:<18} {header[2]} / {header[3]}")
            for username, password, label, employee in result.accounts:
                self.stdout.write(f"  {username:<12} {password:<18} {label}" + (f" / {employee}" if employee else ""))
