"""Monthly payroll runs: the pure line arithmetic (``compute``), creating/approving/closing runs
(``services``), the chunked and resumable calculation job (``jobs``), reads for the pages (``selectors``),
exports (``exports``) and the pages (``views``)."""
