from django.urls import path

from wecom.oauth import views as oauth_views

urlpatterns = [
    path("oauth/callback/", oauth_views.oauth_callback, name="oauth_callback"),
]
