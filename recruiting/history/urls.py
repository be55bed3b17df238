"""History import (employees, past applications, reviews); included by recruiting/urls.py."""

from django.urls import path

from recruiting.history import views

urlpatterns = [
    path("import/history/", views.import_history, name="import_history"),
]
