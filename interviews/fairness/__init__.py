"""The bias audit (issue 17 item 5): selection and scoring rates and impact ratios by gender, age band and
school tier, over the consented self-identification only (NYC Local Law 144's method, the EEOC four-fifths
rule). It lives in the interviews app because it reads screening, interviews and hiring decisions; it only
reads, and nothing it computes feeds back into any score.

- ``rates`` — the pure arithmetic (pandas; no Django): rates, exclusions under 2 %, impact ratios, flags.
- ``audit`` — one row per application from the database, handed to ``rates``.
- ``services`` / ``jobs`` — stored audits (page, nightly), the CSV; ``dashboard`` — the alert below 0.8.
"""
