"""The wecom app's URLs: one module per feature package, all in the ``wecom`` namespace."""

from django.urls import include, path

app_name = "wecom"

urlpatterns = [
    path("", include("wecom.callbacks.urls")),  # WeCom's callback endpoint
    path("", include("wecom.outbox.urls")),  # the message log
    path("", include("wecom.invitations.urls")),  # invitations, templates and the candidate's link
    path("", include("wecom.sandbox.urls")),  # the sandbox phone
    path("", include("wecom.oauth.urls")),  # OAuth login for card links
]
