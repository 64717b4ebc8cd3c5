"""The staff site's own pages: sign-in, two-factor, tokens, home, the reason for access, notifications. In the
``web`` namespace with the records and cases pages (``config/urls.py``)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .auth import views as auth

urlpatterns = [
    path("sign-in", auth.SignInView.as_view(), name="sign-in"),
    path("sign-in/code", auth.code, name="two-factor"),
    path("two-factor/set-up", auth.set_up, name="two-factor-set-up"),
    path("tokens", auth.tokens, name="tokens"),
    path("sign-out", auth_views.LogoutView.as_view(next_page="web:sign-in"), name="sign-out"),
    path("", views.home, name="home"),
    path("access-reason", views.access_reason, name="access-reason"),
    path("notifications", views.notifications, name="notifications"),
    path("notifications/read", views.notifications_read, name="notifications-read"),
]
