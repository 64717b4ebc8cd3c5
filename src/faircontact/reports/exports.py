"""CSV exports of the summary and equality reports, shared by the API (``?format=csv``) and the dashboard.

The summary is one tidy table (``section, measure, month, value``) a spreadsheet can pivot; the equality export
has one row per group with "fewer than 10" in place of any small count (:mod:`.suppression`). Written by the one
CSV writer (``core.csvfile``), which keeps cells a spreadsheet would run as a formula as text.
"""

from __future__ import annotations

from faircontact.core.csvfile import csv_text

from .selectors import ACTIVITY, ARRANGEMENT_LABELS


def summary_csv(s: dict) -> str:
    rows = [("section", "measure", "month", "value")]
    for r in s["activity"]["rows"]:
        rows += [("activity", k, r["month"], r[k]) for k in ACTIVITY]
    for o in s["arrangements"]["over_time"]:
        rows.append(("arrangements", "customers_under_any", o["month"], o["customers"]))
        rows += [("arrangements", f"customers_{k}", o["month"], o["by_kind"][k]) for k in ARRANGEMENT_LABELS]
    whole = f"{s['from']}/{s['to']}"
    out = s["outcomes"]
    for group in ("decisions", "reviews", "appeals"):
        rows += [("outcomes", f"{group}_{k}", whole, v) for k, v in out[group].items()]
    rows += [
        ("outcomes", "protocols_ended", whole, out["protocols_ended"]),
        ("outcomes", "protocols_ended_early", whole, out["protocols_ended_early"]),
    ]
    b = s["breaches_per_protocol"]
    rows += [
        ("breaches_per_protocol", k, whole, b[k]) for k in ("protocols", "with_breaches", "breaches", "mean", "most")
    ]
    rows += [("breaches_per_protocol", f"protocols_with_{d['band']}", whole, d["protocols"]) for d in b["distribution"]]
    for step, figures in s["deadlines"].items():
        for k, v in figures.items():
            if k == "distribution":
                rows += [("deadlines", f"decisions_{x['band']}_working_days", whole, x["decisions"]) for x in v]
            else:
                rows.append(("deadlines", f"{step}_{k}", whole, v))
    rows += [("staff_minutes", k, whole, v) for k, v in s["staff_minutes"].items()]
    return csv_text(rows)


def equality_csv(e: dict) -> str:
    rows = [
        (
            "as_of",
            "dimension",
            "group",
            "under_arrangements",
            "share_under_arrangements_percent",
            "all_customers",
            "share_all_customers_percent",
            "ratio",
        )
    ]
    for dim in e["dimensions"]:
        for g in dim["groups"]:
            a, b = g["under_arrangements"], g["all_customers"]
            rows.append(
                (
                    e["as_of"],
                    dim["dimension"],
                    g["group"],
                    a["display"].replace(",", ""),
                    a["share"],
                    b["display"].replace(",", ""),
                    b["share"],
                    g["ratio"],
                )
            )
    return csv_text(rows)
