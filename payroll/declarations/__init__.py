"""What employees declare for their tax year: the mid-year flags with evidence and the special additional
deductions (checked against the caps in payroll/tax/tables.py)."""
