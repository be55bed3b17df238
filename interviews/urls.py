"""The interviews app's URLs: one module per feature package, all in the ``interviews`` namespace."""

from django.urls import include, path

app_name = "interviews"

urlpatterns = [
    path("", include("interviews.bank.urls")),  # question bank and plans
    path("", include("interviews.schedule.urls")),  # the schedule
    path("", include("interviews.room.urls")),  # the mobile room and scorecards
    path("", include("interviews.calibration.urls")),  # AI-vs-human calibration
    path("", include("interviews.decision.urls")),  # composite and the hiring decision
    path("", include("interviews.learning.urls")),  # score→performance model, proposed weight sets
    path("", include("interviews.fairness.urls")),  # the bias audit
    path("", include("interviews.surveys.urls")),
    path("", include("interviews.analytics.urls")),  # recruiting analytics and their CSV  # feedback surveys, their report and suggestions
]
