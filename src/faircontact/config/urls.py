from django.urls import include, path

from faircontact.api.v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("faircontact.reports.urls")),
    path("", include("faircontact.register.urls")),
    path("", include("faircontact.letters.urls")),
    path("", include("faircontact.indicators.urls")),
    path("", include("faircontact.web.urls")),
]
