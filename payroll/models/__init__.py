"""Payroll models by feature: salary structures and pay records, city contribution policies, tax-year data,
payroll runs, interview costs, offers, contracts and onboarding. Salary figures are encrypted at rest (hrportal.fields); see docs/payroll.md."""

from payroll.models.costs import InterviewerRate, RoomRate, TravelClaim
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
    "AdditionalDeduction", "City", "Contract", "ContractTemplate", "ContractType", "ContributionRule", "InsuranceLine",
    "InterviewerRate", "MinimumWage", "Offer", "OfferStatus", "Onboarding", "OnboardingItem", "OnboardingStatus",
    "PayRecord", "PayrollAdjustment", "PayrollLine", "PayrollRun", "RoomRate", "Rounding", "SalaryComponent",
    "SalaryStructure", "TaxYearProfile", "TravelClaim",
]
