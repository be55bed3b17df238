"""Resume intake (issue 3); included by recruiting/urls.py."""

from django.urls import path

from recruiting.intake import views

urlpatterns = [
    path("resumes/intake/", views.intake, name="intake"),
    path("resumes/batches/<int:pk>/", views.intake_batch, name="intake_batch"),
    path("resumes/<int:pk>/", views.resume_detail, name="resume_detail"),
]
