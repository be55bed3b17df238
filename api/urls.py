"""/api/v1/: the REST resources (namespace ``api``, token-authenticated), the OpenAPI schema and its
reference page (Swagger UI from drf-spectacular-sidecar's vendored files)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api.resources import candidates, interviews, org, payroll

app_name = "api"

router = SimpleRouter()
router.register("departments", org.DepartmentViewSet, basename="department")
router.register("positions", org.PositionViewSet, basename="position")
router.register("employees", org.EmployeeViewSet, basename="employee")
router.register("performance-reviews", org.PerformanceReviewViewSet, basename="performance_review")
router.register("candidates", candidates.CandidateViewSet, basename="candidate")
router.register("applications", candidates.ApplicationViewSet, basename="application")
router.register("screening-results", candidates.ScreeningResultViewSet, basename="screening_result")
router.register("interviews", interviews.InterviewViewSet, basename="interview")
router.register("scorecards", interviews.ScorecardViewSet, basename="scorecard")
router.register("offers", payroll.OfferViewSet, basename="offer")
router.register("onboarding", payroll.OnboardingViewSet, basename="onboarding")
router.register("payroll-runs", payroll.PayrollRunViewSet, basename="payroll_run")


class SchemaView(SpectacularAPIView):
    authentication_classes = []
    permission_classes = []


class DocsView(SpectacularSwaggerSplitView):
    authentication_classes = []
    permission_classes = []
    url_name = "api:schema"


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    path("interview-costs/", payroll.InterviewCostsView.as_view(), name="interview_costs"),
    *router.urls,
]
