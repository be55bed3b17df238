"""Calibration, composite and the hiring decision (issue 4 items 7–8); included by interviews/urls.py."""

from django.urls import path

from interviews.calibration import views as calibration_views
from interviews.decision import views as decision_views

urlpatterns = [
    path("calibration/", calibration_views.calibration, name="calibration"),
    path("calibration/recalibrate/", calibration_views.recalibrate, name="recalibrate"),
    path("applications/<int:pk>/decision/", decision_views.decision, name="decision"),
    path("positions/<int:pk>/comparison/", decision_views.position_comparison, name="position_comparison"),
    path("positions/<int:pk>/interview-weights/", decision_views.interview_weights, name="interview_weights"),
]
