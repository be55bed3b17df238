"""Deterministic demo company: organisation, competency library, skill lexicon, people, resumes.

Pure data and generators live in the sibling modules (no database access); ``recruiting.demo.seed``
writes a generated plan to the database. Everything derives from ``SEED`` and ``REFERENCE_DATE``, so
two runs produce the same company. The planted relation between interview scores and later
performance is ``recruiting.demo.people.planted_performance_mean`` and is documented in
docs/demo-data.md.
"""

from datetime import date

SEED = 20261125
# History is laid out relative to this fixed date, never to "now", so the output does not depend on
# the day the command runs.
REFERENCE_DATE = date(2026, 11, 1)
