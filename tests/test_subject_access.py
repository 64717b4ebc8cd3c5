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


def _two_customers(dwp):  # noqa: F811
    officer = dwp["officer"]
    customer, complaint, cid = register_customer(dwp, notify=False)
    other, other_complaint, other_cid = register_customer(
        dwp, reference="D-999", name="Orla Other", nino="QQ999999C", complaint="OTHER-1", notify=False
    )
    _told_by_letter(officer, cid), _told_by_letter(officer, other_cid)
    for day, who in (("2026-03-02", customer), ("2026-03-03", other), ("2026-03-04", customer)):
        officer.post(
            "/contacts",
            {
                "customer": who["id"],
                "channel": "phone",
                "subject": f"Call from {who['name']}",
                "occurred_at": f"{day}T10:00:00+00:00",
                "body": f"Secret of {who['reference']}; my neighbour Gideon Grey saw it",
            },
        )
    dwp["officer"].get(f"/customers/{customer['id']}", reason="Checking what Gideon Grey reported")
    dwp["enquirer"].get("/register/enquiry", reference="D-100")
    dwp["enquirer"].get("/register/enquiry", reference="D-999")
    return customer, other


def test_the_pack_holds_this_customer_only_with_references_not_ids_and_no_staff_reasons(dwp):  # noqa: F811
    customer, other = _two_customers(dwp)
    pk = int(customer["id"])
    response = dwp["register_admin"].get(f"/customers/{customer['id']}/subject-access")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    document, names = _zip(response)
    assert names == ["subject-access.pdf", "subject-access.json", "letters/LET-1.pdf"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read("subject-access.pdf").startswith(b"%PDF")
    assert archive.read("letters/LET-1.pdf").startswith(b"%PDF")
    assert document["format"] == "faircontact-subject-access/2"
    assert document["you"]["reference"] == "D-100" and document["you"]["identifiers"] == {"nino": "QQ123456C"}
    assert [c["reference"] for c in document["contacts"]] == [
        f"CON-{n}" for n in range(1, Contact.objects.filter(customer_id=pk).count() + 1)
    ]
    assert [c["reference"] for c in document["complaints"]] == ["UC-1"]
    assert len(document["cases"]) == 1 and document["cases"][0]["reference"] == "CASE-1"
    assert len(document["cases"][0]["steps"]) == CaseAction.objects.filter(case__customer_id=pk).count()
    assert len(document["markers"]) == Marker.objects.filter(customer_id=pk).count()
    assert len(document["contacts_outside_a_restriction"]) == Breach.objects.filter(case__customer_id=pk).count()
    assert document["letters"][0]["file"] == "letters/LET-1.pdf"
    assert any("whether you are on the register" in s["what"] for s in document["shared_with"])
    assert document["how_long_we_keep_it"]["months_after_last_activity"] == 24
    # every event about them, but the two this request wrote after the pack was made: the export and its read
    assert len(document["record_of_access"]) == AuditEvent.objects.filter(customer_id=pk).count() - 2
    raw = json.dumps(document, ensure_ascii=False)
    for foreign in ("Orla Other", "D-999", "QQ999999C", "OTHER-1", "Secret of D-999"):
        assert foreign not in raw, foreign
    assert "Checking what Gideon Grey reported" not in raw  # staff reasons for access are not in the pack
    assert '"id"' not in raw and '"owner"' not in raw  # no internal ids
    # staff appear by role; a name only where the customer was told it (their single point of contact's, in the
    # restriction's terms)
    assert {step["by"] for case in document["cases"] for step in case["steps"]} <= {
        "Caseworker",
        "Designated Senior Manager (DSM)",
    }
    assert not any(dwp[r].user.display_name in raw for r in ("decision_maker", "enquirer", "register_admin"))
    assert AuditEvent.objects.filter(action="subject_access_export", customer_id=pk).count() == 1
    assert Customer.objects.get(pk=other["id"]).name == "Orla Other"


def test_the_web_page_finds_previews_redacts_and_produces_the_pack_audited(dwp, client):  # noqa: F811
    from faircontact.web.auth.testing import verified_login

    customer, _ = _two_customers(dwp)
    admin = dwp["register_admin"].user
    verified_login(client, admin)
    found = client.get("/subject-access", {"q": "D-100"})
    assert found.status_code == 200 and f'href="/subject-access/{customer["id"]}"' in found.content.decode()
    asked = client.get(f"/subject-access/{customer['id']}")  # on the register: the reason is asked first
    assert asked.status_code == 200 and "Why do you need to see this record?" in asked.content.decode()
    from .conftest import give_reason

    give_reason(client, customer["id"], reason="Subject access request received 1 March")
    preview = client.get(f"/subject-access/{customer['id']}")
    page = preview.content.decode()
    assert preview.status_code == 200 and "Secret of D-100" in page and "Gideon Grey" in page
    assert "Orla Other" not in page
    redact = {"third_parties": "Gideon Grey", "passages": "Secret of D-100"}
    previewed = client.post(f"/subject-access/{customer['id']}", {**redact, "preview": "1"}).content.decode()
    assert "Gideon Grey" not in previewed.split('name="third_parties"')[1].split("</textarea>", 1)[1]
    assert "[third party]" in previewed and "[withheld]" in previewed
    exports = AuditEvent.objects.filter(action="subject_access_export").count()
    produced = client.post(f"/subject-access/{customer['id']}", {**redact, "produce": "1"})
    assert produced.status_code == 200 and produced["Content-Type"] == "application/zip"
    assert "subject-access-D-100.zip" in produced["Content-Disposition"]
    document, names = _zip(produced)
    raw = json.dumps(document, ensure_ascii=False)
    assert "Gideon Grey" not in raw and "Secret of D-100" not in raw and "[third party]" in raw
    event = AuditEvent.objects.filter(action="subject_access_export").latest("id")
    assert AuditEvent.objects.filter(action="subject_access_export").count() == exports + 1
    assert event.actor == admin and event.changes["redactions"] >= 4 and "Gideon" not in json.dumps(event.changes)
    views = AuditEvent.objects.filter(action="view", actor=admin, customer_id=int(customer["id"]))
    assert views.filter(reason="Subject access request received 1 March").exists()  # the read is audited too


def test_other_roles_cannot_open_the_page(dwp, client):  # noqa: F811
    from faircontact.web.auth.testing import verified_login

    customer, _, _ = register_customer(dwp, notify=False)
    verified_login(client, dwp["officer"].user)
    assert client.get("/subject-access").status_code == 403
    assert client.get(f"/subject-access/{customer['id']}").status_code == 403


def test_only_data_protection_roles_may_export(dwp):  # noqa: F811
    customer, _, _ = register_customer(dwp)
    for role in ("officer", "decision_maker", "enquirer", "auditor"):
        assert dwp[role].get(f"/customers/{customer['id']}/subject-access").status_code == 403, role


def test_cli_writes_the_zip(dwp, tmp_path, capsys):  # noqa: F811
    register_customer(dwp)
    out = tmp_path / "sar.zip"
    admin = dwp["register_admin"].user.username
    assert main(["export", "subject-access", "D-100", "--out", str(out), "--as", admin]) == 0
    assert json.loads(zipfile.ZipFile(out).read("subject-access.json"))["you"]["reference"] == "D-100"
    assert main(["export", "subject-access", "D-100", "--out", str(out), "--as", dwp["officer"].user.username]) == 1
    assert "not active staff allowed" in capsys.readouterr().err
