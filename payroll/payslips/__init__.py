"""Payslips: signed, expiring links (``links``), the PDF (``pdf``, weasyprint with a CJK font), sending the
links to employees (``services``/``jobs``, through recruiting.notices — WeCom or its sandbox) and the page an
employee opens (``views``)."""
