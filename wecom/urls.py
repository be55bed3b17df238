from django.urls import include, path

from wecom import views

app_name = "wecom"

urlpatterns = [
    path("callback/", views.callback, name="callback"),
    # message log (outbox), invitations and the candidate's link, OAuth and the sandbox phone
    path("", include("wecom.urls_outbox")),
    path("", include("wecom.urls_invitations")),
    path("", include("wecom.urls_sandbox")),
    path("", include("wecom.urls_oauth")),
]
