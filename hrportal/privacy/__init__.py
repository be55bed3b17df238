"""PIPL mechanisms that know no app: what each app holds about a candidate (``registry``), the retention
purge (``purge``, ``jobs``) and the audit-log scrubbing every eraser shares (``audit_scrub``).

The apps register with it in their ``AppConfig.ready()``: recruiting the candidates themselves (who is
expired), their rows and the holds "open application" and "employee record"; interviews and wecom their own
rows; payroll will register "has an offer" as a hold. See docs/architecture.md, "Privacy".
"""
