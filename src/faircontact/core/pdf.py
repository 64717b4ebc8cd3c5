"""The one way the product makes a PDF: WeasyPrint with a URL fetcher that reaches nothing outside the product.

Every PDF (letters, the evidence pack, the board report, the letters inside a subject access pack) is rendered from
HTML that holds text staff and customers typed. WeasyPrint would otherwise fetch any URL a document names —
``http://``, ``file:///etc/passwd`` — from the server. Here the only things fetched are the product's own static
files (``/static/...``, found by Django's static file finders) and ``data:`` URIs; everything else is refused and
the document is laid out without it (issue 14 §2).
"""

from __future__ import annotations

import logging
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

#: the address documents are laid out at: relative URLs resolve under it, and it never resolves on the network
BASE_URL = "https://faircontact.invalid/"

CONTENT_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2"}

logger = logging.getLogger(__name__)


class OwnFilesOnly(URLFetcher):
    """Serves ``BASE_URL/static/...`` from the apps' static folders and ``data:`` URIs; refuses every other URL."""

    def __init__(self):
        super().__init__(allowed_protocols=("data",), allow_redirects=False)

    def fetch(self, url, headers=None):
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)  # only the ``data`` protocol is allowed through urllib
        static = BASE_URL + settings.STATIC_URL.lstrip("/")
        if url.startswith(static):
            parts = urlsplit(url)
            name = unquote(parts.path[len(urlsplit(static).path) :])
            try:
                path = finders.find(name) if name and ".." not in name.split("/") else None
            except Exception:  # a name a finder refuses (outside its folders) is not ours
                path = None
            if path:
                with open(path, "rb") as f:
                    body = f.read()
                suffix = "." + path.rsplit(".", 1)[-1].lower()
                ctype = CONTENT_TYPES.get(suffix, "application/octet-stream")
                return URLFetcherResponse(url, body, headers={"Content-Type": ctype})
        logger.warning("PDF rendering refused a URL outside the product's static files")
        raise URLFetchingError("Not fetched: only the product's own static files and data: URIs are")


def render_pdf(html: str) -> bytes:
    """Lay out ``html`` as a PDF; URLs resolve under ``BASE_URL`` and go through ``OwnFilesOnly``."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=OwnFilesOnly()).write_pdf()
