from django.urls import include, path

from faircontact.api.v1 import api
from faircontact.cases import urls as cases_urls
from faircontact.records import urls as records_urls
from faircontact.web import urls as web_urls

#: The records, cases and staff-site pages share the ``web`` namespace their names have always had (``web:customer``,
#: ``web:case``, ``web:home``, …): each app keeps its own ``urls.py``, and the names and paths did not change when
#: the records and cases pages moved out of ``web``.
STAFF_SITE = [*records_urls.urlpatterns, *cases_urls.urlpatterns, *web_urls.urlpatterns]

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("faircontact.reports.urls")),
    path("", include("faircontact.register.urls")),
    path("", include("faircontact.letters.urls")),
    path("", include("faircontact.indicators.urls")),
    path("", include((STAFF_SITE, "web"))),
]
