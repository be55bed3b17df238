"""Question bank and interview plans (issue 4 items 1–2); included by interviews/urls.py."""

from django.urls import path

from interviews.bank import views

urlpatterns = [
    path("positions/<int:pk>/questions/", views.question_bank, name="question_bank"),
    path("positions/<int:pk>/questions/generate/", views.question_generate, name="question_generate"),
    path("positions/<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/approve/", views.question_approve, name="question_approve"),
    path("questions/<int:pk>/unapprove/", views.question_unapprove, name="question_unapprove"),
    path("positions/<int:pk>/plan/", views.plan_detail, name="plan_detail"),
    path("positions/<int:pk>/plan/rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/delete/", views.round_delete, name="round_delete"),
]
