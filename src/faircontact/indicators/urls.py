from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("review", views.queue, name="queue"),
    path("review/<int:pk>/dismiss", views.dismiss, name="dismiss"),
    path("customers/<int:pk>/indicators", views.customer_indicators, name="customer"),
    path("customers/<int:pk>/evidence-pack.pdf", views.evidence_pack, name="evidence-pack"),
    path("customers/<int:pk>/evidence-pack/prepare", views.prepare_evidence_pack, name="prepare"),
    path("customers/<int:pk>/evidence-pack/<uuid:document_id>", views.prepared_evidence_pack, name="prepared"),
    path(
        "customers/<int:pk>/evidence-pack/<uuid:document_id>/file",
        views.prepared_evidence_pack_file,
        name="prepared-file",
    ),
]
