"""Recruiting analytics (issue 20 item 1): the weekly reports of HR leads — funnel and stage conversion, time to
hire and time in stage, source effectiveness, interviewer workload and pass rates, screening score against the
later outcome — and the sections payroll adds (offer acceptance, cost per hire by source) through ``registry``.

Every figure is computed in SQL aggregates with a fixed number of queries, scoped like the candidate list
(``recruiting.access``), and counts historical imported applications apart from live ones. What each figure
means and how it is computed: docs/analytics.md.
"""
