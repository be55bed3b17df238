from django.urls import path

from recruiting import views
from recruiting.history import views as history_import_views
from recruiting.intake import views as intake_views
from recruiting.screening_runs import views as screening_views
from recruiting.weighting import views as weighting_views

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
    path("import/history/", history_import_views.import_history, name="import_history"),
    # resume intake (issue 3)
    path("resumes/intake/", intake_views.intake, name="intake"),
    path("resumes/batches/<int:pk>/", intake_views.intake_batch, name="intake_batch"),
    path("resumes/<int:pk>/", intake_views.resume_detail, name="resume_detail"),
    # screening (issue 3)
    path("positions/<int:pk>/screen/", screening_views.screening_run_start, name="screening_run_start"),
    path("positions/<int:pk>/screening/", screening_views.screening_results, name="screening_results"),
    path("positions/<int:pk>/screening/export/", screening_views.screening_results_export,
         name="screening_results_export"),
    path("screening/runs/<int:pk>/", screening_views.screening_run, name="screening_run"),
    path("screening/runs/<int:pk>/progress/", screening_views.screening_run_progress, name="screening_run_progress"),
    path("positions/<int:pk>/weights/refit/", weighting_views.position_refit_weights, name="position_refit_weights"),
]
