"""The analytics pages; included by interviews/urls.py."""

from django.urls import path

from interviews.analytics import views

urlpatterns = [
    path("analytics/", views.analytics, name="analytics"),
    path("analytics/csv/", views.analytics_csv, name="analytics_csv"),
]
