from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("review", views.queue, name="queue"),
    path("review/<int:pk>/dismiss", views.dismiss, name="dismiss"),
    path("customers/<int:pk>/indicators", views.customer_indicators, name="customer"),
    path("customers/<int:pk>/evidence-pack.pdf", views.evidence_pack, name="evidence-pack"),
]
