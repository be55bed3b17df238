"""Payroll models by feature: salary structures and pay records, city contribution policies, tax-year data,
payroll runs. Salary figures are encrypted at rest (hrportal.fields); see docs/payroll.md."""

from payroll.models.offers import (
    Contract,
    ContractTemplate,
    ContractType,
    Offer,
    OfferStatus,
    Onboarding,
    OnboardingItem,
    OnboardingStatus,
)
from payroll.models.policy import City, ContributionRule, InsuranceLine, MinimumWage, Rounding
from payroll.models.runs import PayrollAdjustment, PayrollLine, PayrollRun
from payroll.models.structures import PayRecord, SalaryComponent, SalaryStructure
from payroll.models.tax import AdditionalDeduction, TaxYearProfile

__all__ = [
    "AdditionalDeduction", "City", "Contract", "ContractTemplate", "ContractType", "Offer", "OfferStatus", "Onboarding",
    "OnboardingItem", "OnboardingStatus", "ContributionRule", "InsuranceLine", "MinimumWage", "PayRecord",
    "PayrollAdjustment", "PayrollLine", "PayrollRun", "Rounding", "SalaryComponent", "SalaryStructure",
    "TaxYearProfile",
]
