"""The recruiting app's URLs: positions, candidates and the board here; each feature package brings its own."""

from django.urls import include, path

from recruiting import views

app_name = "recruiting"

urlpatterns = [
    path("positions/", views.position_list, name="position_list"),
    path("positions/new/", views.position_create, name="position_create"),
    path("positions/<int:pk>/", views.position_detail, name="position_detail"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position_edit"),
    path("candidates/", views.candidate_list, name="candidate_list"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("board/", views.application_board, name="application_board"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    path("", include("recruiting.history.urls")),  # history import
    path("", include("recruiting.intake.urls")),  # resume intake
    path("", include("recruiting.screening_runs.urls")),  # screening runs and results
    path("", include("recruiting.weighting.urls")),  # weights learned from past hires
    path("", include("recruiting.retention.urls")),  # the purge's 14-day preview, extensions
    path("", include("recruiting.rights.urls")),  # the candidate's PIPL rights link, HR's request queue
    path("", include("recruiting.careers.urls")),  # the public careers page and the candidate's application
]
