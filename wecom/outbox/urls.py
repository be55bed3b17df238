from django.urls import path

from wecom.outbox import views as outbox_views

urlpatterns = [
    path("messages/", outbox_views.message_log, name="message_log"),
    path("messages/<int:pk>/", outbox_views.message_detail, name="message_detail"),
    path("messages/<int:pk>/retry/", outbox_views.message_retry, name="message_retry"),
]
