"""The payroll app's URLs: each feature package's views, included under /payroll/."""

from django.urls import path

from payroll.contracts import views as contracts
from payroll.costs import views as costs
from payroll.declarations import views as declarations
from payroll.offers import views as offers
from payroll.onboarding import views as onboarding
from payroll.payslips import views as payslips
from payroll.runs import views as runs
from payroll.social_insurance import views as social_insurance
from payroll.structures import views as structures

app_name = "payroll"

urlpatterns = [
    path("runs/", runs.run_list, name="run_list"),
    path("runs/<int:pk>/", runs.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", runs.run_progress, name="run_progress"),
    path("runs/<int:pk>/adjustments/", runs.run_adjustment, name="run_adjustment"),
    path("runs/<int:pk>/export/<str:kind>/", runs.run_export, name="run_export"),
    path("runs/<int:pk>/<str:action>/", runs.run_action, name="run_action"),
    path("policies/", social_insurance.policies, name="policies"),
    path("pay/", structures.pay_records, name="pay_records"),
    path("pay/<int:employee_id>/", structures.pay_record_detail, name="pay_record_detail"),
    path("pay/<int:employee_id>/declare/<str:kind>/", declarations.declare, name="declare"),
    path("payslip/<str:token>/", payslips.payslip, name="payslip"),
    path("interview-costs/", costs.interview_costs, name="interview_costs"),
    path("interview-costs/export/", costs.interview_cost_export, name="interview_cost_export"),
    path("interview-costs/settings/", costs.cost_settings, name="cost_settings"),
    path("offers/", offers.offer_list, name="offer_list"),
    path("offers/new/<int:pk>/", offers.offer_create, name="offer_create"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", offers.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/contract.pdf", offers.offer_contract, name="offer_contract"),
    path("offers/<int:pk>/<str:action>/", offers.offer_action, name="offer_action"),
    path("onboarding/<int:pk>/", onboarding.onboarding, name="onboarding"),
    path("sign/<str:token>/", contracts.offer_sign, name="offer_sign"),
]
