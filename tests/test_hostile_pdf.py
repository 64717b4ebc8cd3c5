"""No PDF the product makes reaches outside it (issue 14 §2).

A local listener on a free port counts every connection while each kind of PDF — a letter (API and page), the
evidence pack (API and page), the board report and the letters inside a subject access pack — is rendered from
records whose every free-text field holds CSS-breaking and URL payloads aimed at that listener and at local files.
The listener must see nothing. The fetcher itself is also checked: our static files and ``data:`` URIs are served,
everything else refused. Download file names are made of safe characters only.
"""

from __future__ import annotations

import io
import socketserver
import subprocess
import threading
import zipfile

import pytest
from django.db import models
from django.test import Client
from weasyprint.urls import URLFetchingError

from faircontact.cases.models import CaseAction
from faircontact.core.access import SESSION_REASONS
from faircontact.core.downloads import content_disposition
from faircontact.core.pdf import BASE_URL, OwnFilesOnly
from faircontact.letters.models import Letter
from faircontact.records.models import Complaint, Contact, Customer, Representative
from faircontact.web.auth.testing import verified_login

from .test_letters import decided_case, draft, issue


class _Counting(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.hits.append(self.client_address)
        self.request.recv(65536)
        self.request.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/css\r\n\r\nbody{color:red}")


@pytest.fixture
def listener():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Counting)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def payload(port: int) -> str:
    url = f"http://127.0.0.1:{port}"
    return (
        f'x\f;content:url({url}/ff);\n;background:url({url}/nl);"}} @import url({url}/import); '
        f'</style><style>@import "{url}/style";</style><img src="{url}/img"><link rel="stylesheet" href="{url}/link">'
        f'<img src="file:///etc/passwd"><object data="{url}/object"></object><iframe src="{url}/iframe"></iframe>'
        f'<svg><image href="{url}/svg"/></svg><a href="{url}/a">a</a><p style="background:url({url}/attr)">p</p>'
    )


def fill_text_fields(objects, text: str) -> None:
    """Every free-text field (char or text, no choices) of each object set to ``text``, cut to its length."""
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices and field.editable:
                limit = field.max_length or len(text)
                value = text[:limit] if field.name != "reference" else f"R{obj.pk}" + text[: limit - 8]
                setattr(obj, field.name, value)
        obj.save()


def test_no_pdf_fetches_anything_from_records_full_of_url_payloads(listener, use_profile, make_user, api_for, settings):
    settings.FAIRCONTACT_TODAY = "2026-03-10"
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    world = decided_case("dwp", use_profile=use_profile, make_user=make_user, api_for=api_for)
    staff = world["staff"]
    manager = staff["manager"]
    letter = draft(manager, kind="decision", case=world["case"]["id"])
    issue(manager, letter["id"], on="2026-03-10")
    manager.post(
        "/contacts",
        {
            "customer": world["customer"]["id"],
            "channel": "phone",
            "subject": "Call",
            "occurred_at": "2026-03-05T10:00:00+00:00",
            "body": "text",
        },
    )
    text = payload(listener.server_address[1])
    customer = Customer.objects.get(pk=world["customer"]["id"])
    fill_text_fields(
        [
            customer,
            *Representative.objects.filter(customer=customer),
            *Complaint.objects.filter(customer=customer),
            *Contact.objects.filter(customer=customer),
            *Letter.objects.all(),
            *CaseAction.objects.all(),
        ],
        text,
    )
    assert Letter.objects.get(pk=letter["id"]).document_html == text  # the frozen document itself is hostile

    pdfs = [
        manager.get(f"/letters/{letter['id']}.pdf"),
        manager.get(f"/letters/{letter['id']}.pdf", large_print="true"),
        manager.get(f"/customers/{customer.pk}/evidence-pack.pdf"),
    ]
    web = Client()
    verified_login(web, manager.user)
    session = web.session
    session[SESSION_REASONS] = {str(customer.pk): "Checking the evidence pack"}  # asked once per sign-in
    session.save()
    pdfs += [web.get(f"/letters/{letter['id']}.pdf"), web.get(f"/customers/{customer.pk}/evidence-pack.pdf")]
    verified_login(web, make_user("director"))
    pdfs.append(web.get("/reports/board.pdf", {"from": "2026-01-01", "to": "2026-06-30"}))
    archive = api_for(make_user("register_admin")).get(f"/customers/{customer.pk}/subject-access")
    assert archive.status_code == 200, archive.content
    letters_in_zip = [n for n in zipfile.ZipFile(io.BytesIO(archive.content)).namelist() if n.endswith(".pdf")]
    assert letters_in_zip
    for response in pdfs:
        assert response.status_code == 200, (response.request["PATH_INFO"], response.content[:300])
        assert response.content.startswith(b"%PDF"), response.request["PATH_INFO"]
        assert "\n" not in response["Content-Disposition"] and "\r" not in response["Content-Disposition"]
    assert listener.hits == []


def test_the_fetcher_serves_our_static_files_and_data_uris_only(listener):
    fetch = OwnFilesOnly()
    css = fetch(BASE_URL + "static/reports/board.css")
    assert css.content_type == "text/css" and b"{" in css.read()
    assert fetch("data:text/css;base64,Ym9keXt9").read() == b"body{}"
    port = listener.server_address[1]
    for url in (
        f"http://127.0.0.1:{port}/x",
        f"https://127.0.0.1:{port}/x",
        "file:///etc/passwd",
        BASE_URL + "static/../../../../etc/passwd",
        BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        BASE_URL + "etc/passwd",
        f"ftp://127.0.0.1:{port}/x",
    ):
        with pytest.raises((URLFetchingError, ValueError)):
            fetch(url)
    assert listener.hits == []


@pytest.mark.parametrize(
    "name, expected",
    [
        ('evidence-pack-x\r\nSet-Cookie: a=b;".pdf', 'attachment; filename="evidence-pack-x-Set-Cookie-a-b.pdf"'),
        ("../../etc/passwd", 'attachment; filename="etc-passwd"'),
        ("markers.csv", 'attachment; filename="markers.csv"'),
    ],
)
def test_download_names_are_made_of_safe_characters(name, expected):
    assert content_disposition(name) == expected


def test_an_evidence_pack_for_a_reference_with_a_newline_downloads(api, customer):
    Customer.objects.filter(pk=customer["id"]).update(reference='C-1\r\nX-Injected: 1"')
    response = api.get(f"/customers/{customer['id']}/evidence-pack.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="evidence-pack-C-1-X-Injected-1.pdf"'
    # the reference still runs in every page's footer, as text rather than inside CSS
    footer = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    assert b"OFFICIAL-SENSITIVE: personal data. C-1" in footer and b'X-Injected: 1"' in footer
