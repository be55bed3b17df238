"""Salary structures (per position or grade) and employees' versioned pay records."""
