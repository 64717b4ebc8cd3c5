"""The records pages. Their names stay in the staff site's ``web`` namespace (``config/urls.py``), so every
``web:customer``, ``web:contact-add`` … and every path is as it was when they lived in ``web``."""

from django.urls import path

from . import views

urlpatterns = [
    path("customers/new", views.customer_add, name="customer-add"),
    path("customers/<int:pk>", views.customer_detail, name="customer"),
    path("customers/<int:pk>/edit", views.customer_edit, name="customer-edit"),
    path("customers/<int:pk>/representatives/new", views.representative_add, name="representative-add"),
    path("customers/<int:pk>/complaints/new", views.complaint_add, name="complaint-add"),
    path("customers/<int:pk>/contacts/new", views.contact_add, name="contact-add"),
    path("customers/<int:pk>/contacts/guidance", views.gate_preview, name="gate-preview"),
    path("complaints/<int:pk>/edit", views.complaint_edit, name="complaint-edit"),
    path("contacts/import", views.contacts_import, name="contacts-import"),
    path("contacts/import/<int:pk>", views.contacts_import_job, name="contacts-import-job"),
]
