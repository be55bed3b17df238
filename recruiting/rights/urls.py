"""The candidate's rights pages and HR's queue (issue 19 item 2); included by recruiting/urls.py."""

from django.urls import path

from recruiting.rights import views

urlpatterns = [
    path("privacy/r/<str:token>/", views.home, name="rights_home"),
    path("privacy/r/<str:token>/export.json", views.export, name="rights_export"),
    path("privacy/r/<str:token>/correction/", views.correction, name="rights_correction"),
    path("privacy/r/<str:token>/deletion/", views.deletion, name="rights_deletion"),
    path("privacy/r/<str:token>/review/", views.review, name="rights_review"),
    path("privacy/requests/", views.queue, name="rights_queue"),
    path("privacy/requests/<int:pk>/resolve/", views.resolve, name="rights_resolve"),
]
