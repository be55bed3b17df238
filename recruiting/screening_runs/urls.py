"""Screening runs and their results (issue 3); included by recruiting/urls.py."""

from django.urls import path

from recruiting.screening_runs import views

urlpatterns = [
    path("positions/<int:pk>/screen/", views.screening_run_start, name="screening_run_start"),
    path("positions/<int:pk>/screening/", views.screening_results, name="screening_results"),
    path("positions/<int:pk>/screening/export/", views.screening_results_export, name="screening_results_export"),
    path("screening/runs/<int:pk>/", views.screening_run, name="screening_run"),
    path("screening/runs/<int:pk>/progress/", views.screening_run_progress, name="screening_run_progress"),
]
