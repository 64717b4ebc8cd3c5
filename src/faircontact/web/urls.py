from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("sign-in", auth_views.LoginView.as_view(template_name="web/sign_in.html"), name="sign-in"),
    path("sign-out", auth_views.LogoutView.as_view(), name="sign-out"),
    path("", views.home, name="home"),
]
