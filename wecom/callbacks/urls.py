"""WeCom's callback endpoint; included by wecom/urls.py."""

from django.urls import path

from wecom.callbacks import views

urlpatterns = [
    path("callback/", views.callback, name="callback"),
]
