from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .auth import views as auth

app_name = "web"

urlpatterns = [
    path("sign-in", auth.SignInView.as_view(), name="sign-in"),
    path("sign-in/code", auth.code, name="two-factor"),
    path("two-factor/set-up", auth.set_up, name="two-factor-set-up"),
    path("tokens", auth.tokens, name="tokens"),
    path("sign-out", auth_views.LogoutView.as_view(next_page="web:sign-in"), name="sign-out"),
    path("", views.home, name="home"),
    path("access-reason", views.access_reason, name="access-reason"),
    path("customers/new", views.customer_add, name="customer-add"),
    path("customers/<int:pk>", views.customer_detail, name="customer"),
    path("customers/<int:pk>/edit", views.customer_edit, name="customer-edit"),
    path("customers/<int:pk>/representatives/new", views.representative_add, name="representative-add"),
    path("customers/<int:pk>/complaints/new", views.complaint_add, name="complaint-add"),
    path("customers/<int:pk>/contacts/new", views.contact_add, name="contact-add"),
    path("customers/<int:pk>/contacts/guidance", views.gate_preview, name="gate-preview"),
    path("complaints/<int:pk>/edit", views.complaint_edit, name="complaint-edit"),
]

from . import views_cases  # noqa: E402  (case pages)

urlpatterns += [
    path("customers/<int:pk>/cases/new", views_cases.case_add, name="case-add"),
    path("cases/<int:pk>", views_cases.case_detail, name="case"),
    path("cases/<int:pk>/<slug:action>", views_cases.case_action, name="case-action"),
    path("work", views_cases.work, name="work"),
    path("notifications", views_cases.notifications, name="notifications"),
    path("notifications/read", views_cases.notifications_read, name="notifications-read"),
]
