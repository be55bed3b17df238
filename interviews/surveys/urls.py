"""Survey URLs (included by interviews/urls.py)."""

from django.urls import path

from interviews.surveys import views

urlpatterns = [
    # the survey link: public, the signed single-use token is the credential (interviews/surveys/links.py)
    path("survey/<str:token>/", views.survey_answer, name="survey_answer"),
    path("feedback/", views.survey_report, name="survey_report"),
    path("feedback/suggestions/<int:pk>/", views.suggestion_decide, name="suggestion_decide"),
]
