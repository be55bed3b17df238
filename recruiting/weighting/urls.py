"""Screening weights learned from past hires; included by recruiting/urls.py."""

from django.urls import path

from recruiting.weighting import views

urlpatterns = [
    path("positions/<int:pk>/weights/refit/", views.position_refit_weights, name="position_refit_weights"),
]
