from django.urls import path

from wecom.sandbox import views as sandbox_views

urlpatterns = [
    path("sandbox/", sandbox_views.sandbox_phones, name="sandbox_phones"),
    path("sandbox/action/", sandbox_views.sandbox_action, name="sandbox_action"),
    path("sandbox/<slug:kind>/<int:pk>/", sandbox_views.sandbox_phone, name="sandbox_phone"),
]
