"""Django admin for payroll configuration: cities and their contribution rules (edit or add a city), minimum
wages and salary structures. Pay records, runs and lines are handled on the finance pages, not here."""

from django.contrib import admin

from payroll.models import (
    City,
    ContractTemplate,
    ContributionRule,
    MinimumWage,
    SalaryComponent,
    SalaryStructure,
)


class ContributionRuleInline(admin.TabularInline):
    model = ContributionRule
    extra = 0
    fields = ("line", "valid_from", "valid_to", "base_lower", "base_upper", "employer_rate", "employee_rate",
              "employer_fixed", "employee_fixed", "rounding", "source", "unverified")


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en")
    inlines = [ContributionRuleInline]


@admin.register(ContributionRule)
class ContributionRuleAdmin(admin.ModelAdmin):
    list_display = ("city", "line", "valid_from", "valid_to", "base_lower", "base_upper", "employer_rate", "employee_rate", "rounding")
    list_filter = ("city", "line")


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ("city", "valid_from", "monthly")


class SalaryComponentInline(admin.TabularInline):
    model = SalaryComponent
    extra = 0


@admin.register(SalaryStructure)
class SalaryStructureAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "grade", "valid_from")
    inlines = [SalaryComponentInline]


@admin.register(ContractTemplate)
class ContractTemplateAdmin(admin.ModelAdmin):
    """The company's contract wording per language (docs/offers.md); the clause order is the PDF template's."""

    list_display = ("language", "employer_name", "legal_representative", "updated_at")
