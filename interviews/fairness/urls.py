"""The bias audit's pages; included by interviews/urls.py."""

from django.urls import path

from interviews.fairness import views

urlpatterns = [
    path("bias-audit/", views.bias_audit, name="bias_audit"),
    path("bias-audit/run/", views.bias_audit_run, name="bias_audit_run"),
    path("bias-audit/csv/", views.bias_audit_csv, name="bias_audit_csv"),
]
