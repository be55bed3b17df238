from django.urls import path

from recruiting import history_import_views, views

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
]
