"""Retention (issue 19); included by recruiting/urls.py."""

from django.urls import path

from recruiting.retention import views

urlpatterns = [
    path("retention/", views.upcoming, name="retention_upcoming"),
    path("retention/<int:pk>/extend/", views.extend, name="retention_extend"),
]
