"""The interview schedule (issue 4 item 3): list, create/edit, detail, status, offered slots, conflicts."""

from django.urls import path

from interviews.schedule import views

urlpatterns = [
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/conflicts/", views.conflicts, name="conflicts"),
    path("applications/<int:pk>/interviews/new/", views.interview_create, name="interview_create"),
    path("<int:pk>/", views.interview_detail, name="interview_detail"),
    path("<int:pk>/edit/", views.interview_edit, name="interview_edit"),
    path("<int:pk>/status/", views.interview_status, name="interview_status"),
    path("<int:pk>/slots/", views.interview_slots, name="interview_slots"),
]
