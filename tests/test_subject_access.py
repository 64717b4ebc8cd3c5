"""Subject access: the zip holds everything about the customer and nothing of anyone else's."""

from __future__ import annotations

import io
import json
import zipfile

from faircontact.cases.models import Breach, CaseAction
from faircontact.cli import main
from faircontact.core.models import AuditEvent
from faircontact.records.models import Contact, Customer, Marker

from .test_register import dwp, register_customer  # noqa: F401


def _zip(response) -> tuple[dict, list[str]]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return json.loads(archive.read("subject-access.json")), archive.namelist()


def _told_by_letter(officer, case_id) -> str:
    letter = officer.post("/letters", {"kind": "decision", "case": case_id})
    assert letter.status_code == 201, letter.content
    issued = officer.post(f"/letters/{letter.json()['id']}/issue", {"channel": "letter", "on": "2026-01-15"})
    assert issued.status_code == 200, issued.content
    return letter.json()["id"]


def test_subject_access_zip_matches_the_database_for_this_customer_only(dwp):  # noqa: F811
    officer = dwp["officer"]
    customer, complaint, cid = register_customer(dwp, notify=False)
    other, other_complaint, other_cid = register_customer(
        dwp, reference="D-999", name="Orla Other", nino="QQ999999C", complaint="OTHER-1", notify=False
    )
    letter_id, other_letter_id = _told_by_letter(officer, cid), _told_by_letter(officer, other_cid)
    for day, who in (("2026-03-02", customer), ("2026-03-03", other), ("2026-03-04", customer)):
        officer.post(
            "/contacts",
            {
                "customer": who["id"],
                "channel": "phone",
                "subject": f"Call from {who['name']}",
                "occurred_at": f"{day}T10:00:00+00:00",
                "body": f"Secret of {who['reference']}",
            },
        )
    dwp["enquirer"].get("/register/enquiry", reference="D-100")
    dwp["enquirer"].get("/register/enquiry", reference="D-999")
    response = dwp["register_admin"].get(f"/customers/{customer['id']}/subject-access")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    document, names = _zip(response)
    assert names == ["subject-access.json", f"letters/letter-{letter_id}-v1.pdf"]
    assert [str(x["id"]) for x in document["letters"]] == [letter_id]
    pdf = zipfile.ZipFile(io.BytesIO(response.content)).read(f"letters/letter-{letter_id}-v1.pdf")
    assert pdf.startswith(b"%PDF")
    pk = int(customer["id"])
    assert document["customer"]["reference"] == "D-100" and document["customer"]["identifiers"] == {"nino": "QQ123456C"}
    assert [c["id"] for c in document["contacts"]] == list(
        Contact.objects.filter(customer_id=pk).order_by("occurred_at", "id").values_list("id", flat=True)
    )
    assert [a["id"] for case in document["cases"] for a in case["actions"]] == list(
        CaseAction.objects.filter(case__customer_id=pk).order_by("case_id", "on", "id").values_list("id", flat=True)
    )
    assert [m["id"] for m in document["markers"]] == list(
        Marker.objects.filter(customer_id=pk).values_list("id", flat=True).order_by("id")
    )
    assert [b["id"] for b in document["breaches"]] == list(
        Breach.objects.filter(case__customer_id=pk).values_list("id", flat=True).order_by("id")
    )
    # this request's own read is written as it ends; filtered in Python because on PostgreSQL a JSON key test on a
    # row without "shown" is NULL, and exclude() would drop that row too
    assert [e["id"] for e in document["audit_events"]] == [
        event.pk
        for event in AuditEvent.objects.filter(customer_id=pk).exclude(action="subject_access_export").order_by("id")
        if "subject_access" not in ((event.changes or {}).get("shown") or {})
    ]
    assert [c["reference"] for c in document["complaints"]] == ["UC-1"]
    assert len(document["register_entries"]) == 1 and len(document["enquiries"]) == 1
    assert len(document["chronology"]) >= len(document["contacts"])
    raw = json.dumps(document, ensure_ascii=False)
    assert f"letter-{other_letter_id}-" not in " ".join(names)
    for foreign in ("Orla Other", "D-999", "QQ999999C", "OTHER-1", "Secret of D-999"):
        assert foreign not in raw, foreign
    assert (
        AuditEvent.objects.filter(
            action="subject_access_export", customer_id=pk, actor=dwp["register_admin"].user
        ).count()
        == 1
    )
    assert Customer.objects.get(pk=other["id"]).name == "Orla Other"


def test_only_data_protection_roles_may_export(dwp):  # noqa: F811
    customer, _, _ = register_customer(dwp)
    for role in ("officer", "decision_maker", "enquirer", "auditor"):
        assert dwp[role].get(f"/customers/{customer['id']}/subject-access").status_code == 403, role


def test_cli_writes_the_zip(dwp, tmp_path, capsys):  # noqa: F811
    register_customer(dwp)
    out = tmp_path / "sar.zip"
    admin = dwp["register_admin"].user.username
    assert main(["export", "subject-access", "D-100", "--out", str(out), "--as", admin]) == 0
    assert json.loads(zipfile.ZipFile(out).read("subject-access.json"))["customer"]["reference"] == "D-100"
    assert main(["export", "subject-access", "D-100", "--out", str(out), "--as", dwp["officer"].user.username]) == 1
    assert "not active staff allowed" in capsys.readouterr().err
