"""Equality monitoring (001 §7.1): shares against the whole customer base, the disproportionality ratio, and the
small-numbers rule on every report and export — API, CSV, the equality page, the board report HTML and PDF."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import date
from html.parser import HTMLParser

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from faircontact.cases.services import case_act, case_open
from faircontact.core.models import AuditEvent
from faircontact.records.services import customer_create
from faircontact.reports import selectors
from faircontact.reports.exports import equality_csv
from faircontact.reports.suppression import FEWER_THAN, THRESHOLD, suppress
from faircontact.web.auth.testing import verified_login

from .test_workflow import with_terms

AS_OF = date(2026, 6, 30)
NEEDS = {
    "support_needs_considered": True,
    "safeguarding_considered": True,
    "reasons_for_behaviour": "Distress",
    "adjustments_offered": [],
}
GROUPS = ("Mixed: Other Mixed", "White: Irish", "White: Roma")


@pytest.fixture
def people(use_profile, make_user, settings):
    """40 customers: 25 White: Irish (12 under arrangements), 10 Mixed: Other Mixed (3), 5 White: Roma (none).
    Disability: 20 "No" (12 under), 10 "Prefer not to say" (3), 10 not recorded (0). Vulnerable: 11, all under."""
    use_profile("wolverhampton-homes")
    settings.FAIRCONTACT_TODAY = AS_OF.isoformat()
    officer, hos = make_user("officer"), make_user("decision_maker")
    rows = (
        [("White: Irish", "No" if i < 20 else "", i < 11, i < 12) for i in range(25)]
        + [("Mixed: Other Mixed", "Prefer not to say", False, i < 3) for i in range(10)]
        + [("White: Roma", "", False, False) for _ in range(5)]
    )
    for n, (ethnicity, disability, vulnerable, arranged) in enumerate(rows):
        customer = customer_create(
            actor=officer,
            data={
                "reference": f"E-{n}",
                "name": f"Person {n}",
                "ethnicity": ethnicity,
                "disability": disability,
                "vulnerable": vulnerable,
            },
        )
        if arranged:
            case = case_open(actor=officer, customer=customer, grounds=["aggressive"], on=date(2026, 3, 2), today=AS_OF)
            case_act(
                actor=officer,
                case=case,
                data={"action": "consider_needs", "on": date(2026, 3, 2), **NEEDS},
                today=AS_OF,
            )
            case_act(
                actor=hos,
                case=case,
                data={
                    "action": "immediate_action",
                    "on": date(2026, 3, 3),
                    "reasons": "Threats",
                    "protocol": with_terms({"channels_allowed": ["letter"]}),
                },
                today=AS_OF,
            )
    return {"officer": officer, "hos": hos}


def _groups(e, dimension):
    return {g["group"]: g for d in e["dimensions"] if d["dimension"] == dimension for g in d["groups"]}


def test_shares_ratios_and_suppression(people):
    e = selectors.equality(as_of=AS_OF)
    assert (e["customers_under_arrangements"], e["all_customers"]) == (15, 40)
    ethnicity = _groups(e, "ethnicity")
    assert list(ethnicity) == list(GROUPS)
    white = ethnicity["White: Irish"]
    assert (white["under_arrangements"]["count"], white["under_arrangements"]["share"]) == (12, 80.0)
    assert (white["all_customers"]["count"], white["all_customers"]["share"]) == (25, 62.5)
    assert white["ratio"] == 1.28
    for group in ("Mixed: Other Mixed", "White: Roma"):
        assert ethnicity[group]["under_arrangements"] == {
            "count": None,
            "share": None,
            "display": FEWER_THAN,
            "suppressed": True,
        }
        assert ethnicity[group]["ratio"] is None
    # 5 White: Roma customers in all is withheld; 10 Mixed: Other Mixed would then give it away (40 - 25 - 10)
    assert ethnicity["Mixed: Other Mixed"]["all_customers"]["suppressed"]
    disability = _groups(e, "disability")
    assert list(disability) == ["No", "Prefer not to say", "Not recorded"]
    assert disability["No"]["ratio"] == 1.6 and disability["Not recorded"]["all_customers"]["count"] == 10
    vulnerable = _groups(e, "vulnerable")
    # 4 not vulnerable under arrangements is withheld, so the 11 vulnerable (15 - 4) is withheld too
    assert all(g["under_arrangements"]["suppressed"] for g in vulnerable.values())
    assert vulnerable["Recorded as vulnerable"]["all_customers"]["count"] == 11


def test_arrangements_are_counted_on_the_date_asked(people):
    assert selectors.equality(as_of=date(2026, 3, 2))["customers_under_arrangements"] == 0


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 40), min_size=1, max_size=8))
def test_the_rule_never_shows_a_small_or_derivable_count(counts):
    total = sum(counts.values()) or 1
    shown = suppress(counts, total)
    hidden = [g for g, f in shown.items() if f.suppressed]
    for group, figure in shown.items():
        assert figure.suppressed or (figure.count == counts[group] >= THRESHOLD)
        assert (figure.display == FEWER_THAN) == figure.suppressed
    assert len(hidden) != 1 or len(counts) == 1


# --- every surface ------------------------------------------------------------------------------------------


class Tables(HTMLParser):
    """The rows of every table whose caption starts with a characteristic's name."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._caption = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = ""
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self.tables[-1]["caption"], self._caption = self._caption.strip(), None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def _check_count(text: str):
    assert text == FEWER_THAN or int(text.replace(",", "")) >= THRESHOLD, text


def _check_html(html: str) -> int:
    parser = Tables()
    parser.feed(html)
    tables = [t for t in parser.tables if t["caption"].startswith(("Ethnicity", "Disability", "Vulnerability"))]
    assert len(tables) == 3
    for table in tables:
        for row in table["rows"][1:]:
            group, under, under_share, everyone, everyone_share, ratio = row
            _check_count(under)
            _check_count(everyone)
            assert (under == FEWER_THAN) == (under_share == "–") and (everyone == FEWER_THAN) == (everyone_share == "–")
            assert ratio == "–" or (under != FEWER_THAN and everyone != FEWER_THAN)
    labels = re.findall(r'<svg[^>]*id="equality-[^"]+".*?</svg>', html, flags=re.S)
    assert len(labels) == 3
    for svg in labels:
        for inner in re.findall(r"<text[^>]*>(.*?)</text>", svg):  # a wrapped label is one text of lines
            text = " ".join(re.findall(r">([^<]+)<", f">{inner}<"))
            assert "…" not in text
            assert text in GROUPS + (
                "Prefer not to say",
                "No",
                "Not recorded",
                "Recorded as vulnerable",
                "Not recorded as vulnerable",
                "Under arrangements",
                "All customers",
                FEWER_THAN,
            ) or re.fullmatch(r"\d+\.\d%", text), text
    return sum(len(t["rows"]) - 1 for t in tables)


def test_api_json_and_csv_hold_the_rule(people, make_user, api_for):
    api = api_for(make_user("director"))
    body = api.get("/reports/equality", as_of="2026-06-30")
    assert body.status_code == 200, body.content
    figures = [
        g[c] for d in body.json()["dimensions"] for g in d["groups"] for c in ("under_arrangements", "all_customers")
    ]
    assert len(figures) == 16 and any(f["suppressed"] for f in figures)
    for f in figures:
        assert (f["count"] is None and f["share"] is None) if f["suppressed"] else f["count"] >= THRESHOLD
    response = api.get("/reports/equality", as_of="2026-06-30", format="csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 8
    for row in rows:
        for column in ("under_arrangements", "all_customers"):
            _check_count(row[column])
            assert (row[column] == FEWER_THAN) == (row[f"share_{column}_percent"] == "")
    assert {r["group"]: r["under_arrangements"] for r in rows if r["dimension"] == "ethnicity"} == {
        "White: Roma": FEWER_THAN,
        "Mixed: Other Mixed": FEWER_THAN,
        "White: Irish": "12",
    }
    assert AuditEvent.objects.filter(action="report", object_id="equality").count() == 2


def test_pages_and_board_report_hold_the_rule(people, make_user):
    client = Client()
    verified_login(client, make_user("chief_executive"))
    page = client.get("/reports/equality", {"as_of": "2026-06-30"})
    assert page.status_code == 200
    assert _check_html(page.content.decode()) == 8
    assert "style=" not in page.content.decode()
    csv_download = client.get("/reports/equality.csv", {"as_of": "2026-06-30"}).content.decode()
    assert "ethnicity,Mixed: Other Mixed,fewer than 10,,fewer than 10,,\r\n" in csv_download
    board = client.get("/reports/board", {"from": "2026-01-01", "to": "2026-06-30"}).content.decode()
    assert _check_html(board) == 8
    assert "“No” is 1.60 times as likely to be under an arrangement" in board


def test_board_report_pdf_holds_the_rule(people, make_user, tmp_path):
    client = Client()
    verified_login(client, make_user("director"))
    pdf = client.get("/reports/board.pdf", {"from": "2026-01-01", "to": "2026-06-30"})
    path = tmp_path / "board.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Equality monitoring on 30 June 2026" in text
    rows = [
        line
        for line in text.splitlines()
        if re.match(
            r"\s*(White: Roma|Mixed: Other Mixed|White: Irish|Prefer not to say|No|Not recorded(?: as vulnerable)?"
            r"|Recorded as vulnerable)"
            r"\s{2,}",
            line,
        )
    ]
    assert len(rows) == 8, text  # 3 ethnic groups, 3 disability answers, 2 vulnerability rows
    for line in rows:
        assert FEWER_THAN in line or re.search(r"\d", line)
        for number in re.findall(r"(?<![\d.])\d[\d,]*(?![\d.%])", re.sub(r"fewer than 10", "", line)):
            assert int(number.replace(",", "")) >= THRESHOLD, line


@pytest.mark.parametrize(
    "role,status",
    [
        ("manager", 200),
        ("director", 200),
        ("chief_executive", 200),
        ("auditor", 200),
        ("officer", 403),
        ("decision_maker", 403),
        ("monitoring_officer", 403),
        ("register_admin", 403),
        ("enquirer", 403),
        ("admin", 403),
    ],
)
def test_only_reporting_roles_see_equality_data(db, make_user, api_for, role, status):
    user = make_user(role)
    assert api_for(user).get("/reports/equality").status_code == status
    client = Client()
    verified_login(client, user)
    assert client.get("/reports/equality").status_code == status
    assert client.get("/reports/equality.csv").status_code == status


def test_csv_cells_never_start_a_formula():
    figure = {"count": 12, "share": 100.0, "display": "12", "suppressed": False}
    e = {
        "as_of": AS_OF,
        "dimensions": [
            {
                "dimension": "ethnicity",
                "groups": [
                    {
                        "group": '=HYPERLINK("http://x")',
                        "under_arrangements": figure,
                        "all_customers": figure,
                        "ratio": 1.0,
                    }
                ],
            }
        ],
    }
    row = list(csv.reader(io.StringIO(equality_csv(e))))[1]
    assert row[2] == '\'=HYPERLINK("http://x")'
