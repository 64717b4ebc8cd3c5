"""The board report as a PDF: the same HTML document as ``/reports/board``, laid out by WeasyPrint.

Only the app's own static files are fetched (the stylesheet); any other URL is refused, so rendering never
reaches the network.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

BASE_URL = "https://faircontact.invalid/"


class StaticOnly(URLFetcher):
    """Serves ``/static/...`` from the apps' static folders and nothing else."""

    def fetch(self, url, headers=None):
        static = BASE_URL + settings.STATIC_URL.lstrip("/")
        path = finders.find(url[len(static) :]) if url.startswith(static) else None
        if path is None:
            raise URLFetchingError(f"Not fetched: {url}")
        with open(path, "rb") as f:
            body = f.read()
        return URLFetcherResponse(
            url, body, headers={"Content-Type": "text/css" if path.endswith(".css") else "application/octet-stream"}
        )


def render_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnly()).write_pdf()
