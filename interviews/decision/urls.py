"""Composite and the hiring decision (issue 4 item 8); included by interviews/urls.py."""

from django.urls import path

from interviews.decision import views

urlpatterns = [
    path("applications/<int:pk>/decision/", views.decision, name="decision"),
    path("positions/<int:pk>/comparison/", views.position_comparison, name="position_comparison"),
    path("positions/<int:pk>/interview-weights/", views.interview_weights, name="interview_weights"),
]
