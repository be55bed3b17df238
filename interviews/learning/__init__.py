"""The learning loop (issue 17): interview scores → later performance.

- ``labels``, ``model`` — the pure part (pandas, numpy, scikit-learn; no Django): the training frame, the
  label scale, the fit (ridge + bootstrap + shrinkage) and question effectiveness. The CLI
  (``manage.py performance_model``) and ``bench/learning.py`` run it on its own.
- ``data`` — the training frame read from the database for one position.
- ``services`` — versioned weight sets (propose, activate, reject) and question effectiveness on the bank.
- ``jobs`` — the RQ refit (debounced after new reviews, nightly).
- ``selectors``, ``views``, ``urls`` — the compare/activate/reject page.
"""
