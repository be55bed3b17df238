"""Individual income tax on wages (the pure engine: Decimal arithmetic, no Django).

``tables`` holds the date-effective rate tables and deduction caps (data, with sources); ``withholding``
the cumulative withholding of SAT Announcement 2018 No. 61 with the 2020 No. 13 and No. 19 rules;
``bonus`` the annual one-off bonus by the separate, monthly-converted method; ``schedule`` reads and checks
a year's schedule (the ``iit_withholding`` command's input) and runs it. See docs/payroll.md.
"""
