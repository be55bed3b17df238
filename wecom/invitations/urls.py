from django.urls import path

from wecom.invitations import candidate_views
from wecom.invitations import views as invitation_views

urlpatterns = [
    path("interviews/<int:pk>/invite/", invitation_views.send_invitations, name="send_invitations"),
    path("templates/", invitation_views.template_list, name="templates"),
    path("templates/<int:pk>/", invitation_views.template_edit, name="template_edit"),
    # the candidate's self-service link (public: the signed token is the credential)
    path("i/<str:token>/", candidate_views.candidate_link, name="candidate_link"),
]
