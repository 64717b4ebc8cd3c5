from django.urls import path

from . import views

app_name = "register"

urlpatterns = [
    path("register", views.register_list, name="list"),
    path("register/enquiry", views.enquiry, name="enquiry"),
    path("register/enquiries/<int:pk>", views.enquiry_detail, name="enquiry-detail"),
    path("register/reviews/<int:pk>", views.review_detail, name="review"),
    path("register/<int:pk>", views.entry_detail, name="entry"),
    path("register/<int:pk>/remove", views.entry_remove, name="remove"),
    path("subject-access", views.subject_access_find, name="subject-access"),
    path("subject-access/<int:pk>", views.subject_access, name="subject-access-pack"),
    path("audit", views.audit, name="audit"),
    path("audit/verify", views.audit_verify, name="audit-verify"),
]
