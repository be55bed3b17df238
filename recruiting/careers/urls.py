"""The public careers pages (issue 23); included by recruiting/urls.py (/recruiting/careers/)."""

from django.urls import path

from recruiting.careers import views

urlpatterns = [
    path("careers/", views.careers_list, name="careers_list"),
    path("careers/<str:code>/", views.careers_position, name="careers_position"),
    path("careers/<str:code>/apply/", views.careers_apply, name="careers_apply"),
    path("careers/<str:code>/qr.svg", views.careers_qr, name="careers_qr"),
]
