"""Retention of candidates' data (PIPL Art. 19 / 47): what recruiting registers with the purge
(``erasers.py``), HR's 14-day preview and the audited extension of one candidate's date (``selectors.py``,
``services.py``, ``views.py``)."""
