from django.urls import include, path

from wecom.callbacks import views

app_name = "wecom"

urlpatterns = [
    path("callback/", views.callback, name="callback"),
    # message log (outbox), invitations and the candidate's link, OAuth and the sandbox phone
    path("", include("wecom.outbox.urls")),
    path("", include("wecom.invitations.urls")),
    path("", include("wecom.sandbox.urls")),
    path("", include("wecom.oauth.urls")),
]
