"""The cases pages. Their names stay in the staff site's ``web`` namespace (``config/urls.py``), so every
``web:case``, ``web:work`` … and every path is as it was when they lived in ``web``."""

from django.urls import path

from . import views

urlpatterns = [
    path("customers/<int:pk>/cases/new", views.case_add, name="case-add"),
    path("cases/<int:pk>", views.case_detail, name="case"),
    path("cases/<int:pk>/<slug:action>", views.case_action, name="case-action"),
    path("work", views.work, name="work"),
]
