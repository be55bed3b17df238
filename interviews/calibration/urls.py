"""Calibration of AI suggestions against interviewers (issue 4 item 7); included by interviews/urls.py."""

from django.urls import path

from interviews.calibration import views

urlpatterns = [
    path("calibration/", views.calibration, name="calibration"),
    path("calibration/recalibrate/", views.recalibrate, name="recalibrate"),
]
