"""The learning loop's pages; included by interviews/urls.py."""

from django.urls import path

from interviews.learning import views

urlpatterns = [
    path("positions/<int:pk>/learning/", views.learning, name="learning"),
    path("positions/<int:pk>/learning/refit/", views.learning_refit, name="learning_refit"),
    path("weight-sets/<int:pk>/activate/", views.weight_set_activate, name="weight_set_activate"),
    path("weight-sets/<int:pk>/reject/", views.weight_set_reject, name="weight_set_reject"),
    path("questions/<int:pk>/retire/", views.question_retire, name="question_retire"),
]
