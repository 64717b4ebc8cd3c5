"""What the dashboard and the board report show: each figure as a chart with its data table, and the summary in
plain English. Built only from :func:`selectors.summary` and :func:`selectors.equality`, so every page, the PDF
and the exports agree; equality figures arrive already suppressed (small-numbers rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.safestring import SafeString

from faircontact.core.words import plural

from .charts import PALETTE, Series, bar_chart, column_chart
from .selectors import ACTIVITY
from .suppression import FEWER_THAN

LATE = PALETTE[2]  # red
BASELINE = PALETTE[4]  # dark grey: the whole customer base, for comparison


@dataclass
class Panel:
    """One figure: a heading, an SVG chart, the data table beside it and notes under it."""

    id: str
    heading: str
    chart: SafeString
    caption: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    #: a wide table: on paper it goes under the chart rather than beside it
    stacked: bool = False


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _month_label(key: str) -> str:
    """ "Jan 2026", with a non-breaking space so a narrow table column keeps it on one line."""
    return date.fromisoformat(key + "-01").strftime("%b\u00a0%Y")


def _n(value) -> str:
    return "–" if value is None else f"{value:,}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _activity_panel(s: dict, chart_id: str, keys: tuple[str, ...], heading: str) -> Panel:
    rows = s["activity"]["rows"]
    months = [_month_label(r["month"]) for r in rows]
    series = [Series(ACTIVITY[k], [r[k] for r in rows]) for k in keys]
    desc = "; ".join(f"{ACTIVITY[k]}: {s['activity']['totals'][k]:,} in the period" for k in keys) + "."
    return Panel(
        id=chart_id,
        heading=heading,
        chart=column_chart(
            chart_id=chart_id,
            title=heading,
            desc=desc,
            categories=[m[:3] + " " + m[-2:] for m in months],
            series=series,
        ),
        caption=f"{heading}, by month",
        columns=["Month"] + [ACTIVITY[k] for k in keys],
        rows=[[m] + [_n(r[k]) for k in keys] for m, r in zip(months, rows, strict=True)]
        + [["Total"] + [_n(s["activity"]["totals"][k]) for k in keys]],
    )


def _steps_used(s: dict, profile) -> tuple[str, ...]:
    """The ladder's first steps this profile has (or that happened anyway): discussions and warnings."""
    totals = s["activity"]["totals"]
    return tuple(
        k
        for k, actions in (("discussions", ("record_discussion",)), ("warnings", ("initial_warning", "formal_warning")))
        if totals[k] or any(profile.has_step(a) for a in actions)
    )


def _relevant(profile, group: str, key: str, count: int) -> bool:
    """Whether an outcome belongs on this organisation's charts: its policy has it, or it happened anyway."""
    if count:
        return True
    if group == "decisions":
        return key in profile.decision["outcomes"] or (key == "immediate_action" and profile.has_step(key))
    if group == "appeals":
        return profile.has_appeal
    if group == "removals":
        return "register" in profile.decision["outcomes"]
    return True


def summary_panels(s: dict, *, profile) -> list[Panel]:
    """Every chart of the summary report, in reading order."""
    end = long_date(s["to"])
    early = _steps_used(s, profile)
    totals = s["activity"]["totals"]
    later = ("reviews",) + tuple(
        k
        for k, group in (("appeals", "appeals"), ("breaches", "breaches"), ("removals", "removals"))
        if _relevant(profile, group, k, totals[k])
    )
    panels = [
        _activity_panel(
            s, "cases-per-month", ("cases_opened", *early, "decisions"), _and(["New cases", *early, "decisions"])
        ),
        _activity_panel(s, "reviews-per-month", later, _and(["Reviews", *later[1:]])),
    ]

    arr = s["arrangements"]
    allowed = set(profile.restrictions.get("allowed", ()))
    kinds = [k for k in arr["by_kind"] if k["customers"] or k["kind"] in allowed]
    panels.append(
        Panel(
            id="arrangements-now",
            heading=f"Customers under each kind of arrangement on {end}",
            chart=bar_chart(
                chart_id="arrangements-now",
                title=f"Customers under each kind of arrangement on {end}",
                desc=f"{plural(arr['customers'], 'customer')} under any arrangement; one protocol may "
                "combine several kinds.",
                categories=[k["label"] for k in kinds],
                series=[Series("Customers", [k["customers"] for k in kinds])],
            ),
            caption=f"Customers under each kind of arrangement on {end}",
            columns=["Kind of arrangement", "Customers"],
            rows=[[k["label"], _n(k["customers"])] for k in kinds] + [["Any arrangement", _n(arr["customers"])]],
            notes=["A protocol often combines several kinds, so the kinds add up to more than the customers."],
        )
    )
    over = arr["over_time"]
    months = [_month_label(o["month"]) for o in over]
    panels.append(
        Panel(
            id="arrangements-over-time",
            heading="Customers under arrangements at the end of each month",
            chart=column_chart(
                chart_id="arrangements-over-time",
                title="Customers under arrangements at the end of each month",
                desc=f"From {_n(over[0]['customers'])} at the end of {months[0]} to "
                f"{_n(over[-1]['customers'])} on {end}.",
                categories=[m[:3] + " " + m[-2:] for m in months],
                series=[Series("Customers", [o["customers"] for o in over])],
            ),
            caption="Customers under any arrangement at the end of each month",
            columns=["Month", "Customers"],
            rows=[[m, _n(o["customers"])] for m, o in zip(months, over, strict=True)],
            notes=[
                f"{plural(arr['started'], 'arrangement')} came into force in the period"
                + (
                    f"; {plural(arr['varied'], 'arrangement')} {'was' if arr['varied'] == 1 else 'were'} varied."
                    if arr["varied"]
                    else "."
                )
            ],
        )
    )

    out = s["outcomes"]
    labels = out["labels"]
    categories, values = [], []
    for group, title in (("decisions", "Decision"), ("reviews", "Review"), ("appeals", "Appeal")):
        for key, label in labels[group].items():
            if not _relevant(profile, group, key, out[group][key]):
                continue
            categories.append(f"{title}: {label.lower()}")
            values.append(out[group][key])
    categories.append("Protocols ended early")
    values.append(out["protocols_ended_early"])
    panels.append(
        Panel(
            id="outcomes",
            heading="Outcomes of decisions, reviews and appeals",
            chart=bar_chart(
                chart_id="outcomes",
                title="Outcomes of decisions, reviews and appeals in the period",
                desc=f"{plural(sum(out['appeals'].values()), 'appeal')} decided, "
                f"{out['appeals']['upheld']:,} upheld; {out['protocols_ended_early']:,} of "
                f"{plural(out['protocols_ended'], 'protocol')} ended before their planned end.",
                categories=categories,
                series=[Series("Number", values)],
            ),
            caption="Outcomes in the period",
            columns=["Outcome", "Number"],
            rows=[[c, _n(v)] for c, v in zip(categories, values, strict=True)],
            notes=["A protocol ended early was ended on appeal, or before its planned end date."],
        )
    )

    b = s["breaches_per_protocol"]
    panels.append(
        Panel(
            id="breaches-per-protocol",
            heading="Breaches per protocol",
            chart=bar_chart(
                chart_id="breaches-per-protocol",
                title="Protocols by the number of breaches in the period",
                desc=f"{plural(b['breaches'], 'breach', 'breaches')} against "
                f"{b['with_breaches']:,} of {plural(b['protocols'], 'protocol')} in force; "
                f"the most against one protocol was {b['most']:,}.",
                categories=[
                    {"None": "No breaches", "1": "1 breach"}.get(d["band"], f"{d['band']} breaches")
                    for d in b["distribution"]
                ],
                series=[Series("Protocols", [d["protocols"] for d in b["distribution"]])],
            ),
            caption="Protocols in force in the period, by breaches recorded",
            columns=["Breaches", "Protocols"],
            rows=[[d["band"], _n(d["protocols"])] for d in b["distribution"]]
            + [["Average per protocol", "–" if b["mean"] is None else f"{b['mean']:.1f}"]],
        )
    )

    dl = s["deadlines"]
    d = dl["decision"]
    deadline = (
        f"the {d['deadline_working_days']}-working-day deadline"
        if d["deadline_working_days"]
        else "no deadline (the policy sets none)"
    )
    panels.append(
        Panel(
            id="decision-time",
            heading="Time from referral to decision",
            chart=bar_chart(
                chart_id="decision-time",
                title="Working days from referral to decision",
                desc=f"{d['on_time']:,} of {plural(d['decisions'], 'decision')} within {deadline}; "
                f"median {_n(d['median_working_days'])} working days.",
                categories=[f"{x['band']} working days" for x in d["distribution"]],
                series=[Series("Decisions", [x["decisions"] for x in d["distribution"]])],
            ),
            caption=f"Decisions by working days from referral (deadline: {d['deadline_working_days'] or 'none'})",
            columns=["Working days", "Decisions"],
            rows=[[x["band"], _n(x["decisions"])] for x in d["distribution"]]
            + [
                ["Within the deadline", _n(d["on_time"])],
                ["Late", _n(d["late"])],
                [f"Waiting on {end}", _n(d["waiting_at_end"])],
                [f"Overdue on {end}", _n(d["overdue_at_end"])],
            ],
        )
    )
    r, a = dl["reviews"], dl["appeals"]
    steps = [("Decisions", d), ("Reviews", r)]
    if profile.has_appeal or a["decided"]:
        steps.append(("Appeal outcomes", a))
    panels.append(
        Panel(
            id="on-time",
            heading=_and([name.lower() for name, _ in steps]).capitalize() + " done on time and late",
            chart=bar_chart(
                chart_id="on-time",
                title=_and([name.lower() for name, _ in steps]).capitalize() + " done on time and late",
                desc="Late: " + _and([f"{x['late']:,} {name.lower()}" for name, x in steps]) + ".",
                categories=[name for name, _ in steps],
                series=[
                    Series("On time", [x["on_time"] for _, x in steps]),
                    Series("Late", [x["late"] for _, x in steps], colour=LATE),
                ],
            ),
            caption="Steps done in the period, on time and late",
            columns=["Step", "On time", "Late"],
            rows=[[name, _n(x["on_time"]), _n(x["late"])] for name, x in steps],
            notes=[
                f"Appeals still waiting on {end}: {a['waiting_at_end']:,}, of which {a['overdue_at_end']:,} overdue."
            ]
            if len(steps) == 3
            else [],
        )
    )

    m = s["staff_minutes"]
    window = m["window_days"]
    panels.append(
        Panel(
            id="staff-minutes",
            heading="Staff time before and after an arrangement",
            chart=column_chart(
                chart_id="staff-minutes",
                title="Staff minutes before and after an arrangement began",
                desc=_minutes_sentence(m, s["to"]),
                categories=[f"{window} days before", f"{window} days after"],
                series=[Series("Staff minutes", [m["minutes_before"], m["minutes_after"]])],
                height=200,
            ),
            caption=f"Staff time on {plural(m['customers'], 'customer')} in the {window} days before and after "
            "their first arrangement began",
            columns=["Window", "Staff minutes", "Contacts"],
            rows=[
                [f"{window} days before", _n(m["minutes_before"]), _n(m["contacts_before"])],
                [f"{window} days after", _n(m["minutes_after"]), _n(m["contacts_after"])],
            ],
            notes=[_minutes_sentence(m, s["to"])],
        )
    )
    return panels


def _minutes_sentence(m: dict, end: date) -> str:
    if not m["customers"]:
        return (
            f"No arrangement began at least {m['window_days']} days before {long_date(end)}, so there is "
            "nothing to compare yet."
        )
    change = m["change_percent"]
    trend = (
        ""
        if change is None
        else f", {abs(change):.0f}% {'less' if change < 0 else 'more'}"
        if change
        else ", no change"
    )
    return (
        f"For the {plural(m['customers'], 'customer')} whose first arrangement began at least "
        f"{m['window_days']} days before {long_date(end)}, staff spent {m['minutes_before']:,} minutes in the "
        f"{m['window_days']} days before it and {m['minutes_after']:,} minutes in the {m['window_days']} days "
        f"after{trend}."
    )


def equality_panels(e: dict) -> list[Panel]:
    """One chart and table per characteristic; withheld groups show "fewer than 10" and no bar."""
    panels = []
    for dim in e["dimensions"]:
        groups = dim["groups"]
        chart_id = f"equality-{dim['dimension']}"
        heading = f"{dim['label']}: customers under arrangements against all customers"

        panels.append(
            Panel(
                id=chart_id,
                heading=heading,
                chart=bar_chart(
                    chart_id=chart_id,
                    title=f"{heading} (share, per cent)",
                    desc=f"Share of each recorded {dim['label'].lower()} group among the "
                    f"{plural(e['customers_under_arrangements'], 'customer')} under arrangements and among all "
                    f"{plural(e['all_customers'], 'customer')}; groups under 10 are not shown.",
                    categories=[g["group"] for g in groups],
                    series=[
                        _shares(groups, "under_arrangements", "Under arrangements"),
                        _shares(groups, "all_customers", "All customers"),
                    ],
                    unit="%",
                ),
                caption=f"{dim['label']} on {long_date(e['as_of'])}",
                columns=["Group", "Under arrangements", "Share", "All customers", "Share", "Ratio"],
                rows=[
                    [
                        g["group"],
                        g["under_arrangements"]["display"],
                        _share(g["under_arrangements"]),
                        g["all_customers"]["display"],
                        _share(g["all_customers"]),
                        "–" if g["ratio"] is None else f"{g['ratio']:.2f}",
                    ]
                    for g in groups
                ],
                stacked=True,
            )
        )
    return panels


def _shares(groups: list[dict], column: str, name: str) -> Series:
    """Each group's share in ``column`` as a bar, or the words "fewer than 10" and no bar."""
    return Series(
        name,
        [g[column]["share"] for g in groups],
        [FEWER_THAN if g[column]["suppressed"] else f"{g[column]['share']:.1f}%" for g in groups],
        colour=BASELINE if column == "all_customers" else None,
    )


def _share(figure: dict) -> str:
    return "–" if figure["suppressed"] else f"{figure['share']:.1f}%"


def plain_english(s: dict, e: dict | None, *, profile) -> list[str]:
    """The board report's summary, one sentence per point, from the same figures as the charts."""
    start, end = long_date(s["from"]), long_date(s["to"])
    early = _steps_used(s, profile)
    t = s["activity"]["totals"]
    arr, out, dl, b = s["arrangements"], s["outcomes"], s["deadlines"], s["breaches_per_protocol"]
    d = dl["decision"]
    steps = [plural(t["cases_opened"], "case was", "cases were") + " opened"]
    if "discussions" in early:
        steps.append(plural(t["discussions"], "discussion was", "discussions were") + " held with customers")
    if "warnings" in early:
        steps.append(plural(t["warnings"], "warning was", "warnings were") + " given")
    steps.append(plural(t["decisions"], "decision was", "decisions were") + " made")
    lines = [f"Between {start} and {end}, {', '.join(steps[:-1])} and {steps[-1]}."]
    top = max(arr["by_kind"], key=lambda k: k["customers"])
    first = arr["over_time"][0]
    lines.append(
        f"On {end}, {plural(arr['customers'], 'customer was', 'customers were')} under an arrangement, against "
        f"{first['customers']:,} at the end of {date.fromisoformat(first['month'] + '-01'):%B %Y}"
        + (f"; the commonest kind was {top['label'].lower()} ({top['customers']:,})." if top["customers"] else ".")
    )
    if d["decisions"]:
        share = round(100 * d["on_time"] / d["decisions"])
        within = (
            f"within the {d['deadline_working_days']}-working-day deadline"
            if d["deadline_working_days"]
            else "(the policy sets no deadline)"
        )
        lines.append(
            f"{d['on_time']:,} of {plural(d['decisions'], 'decision')} ({share}%) were made {within}; "
            f"the median time from referral was {d['median_working_days']:g} working days."
        )
    else:
        lines.append("No referred case was decided in the period.")
    if d["overdue_at_end"]:
        lines.append(f"On {end}, {plural(d['overdue_at_end'], 'decision was', 'decisions were')} overdue.")
    lines.append(
        f"{dl['reviews']['late']:,} of {plural(dl['reviews']['done'], 'review')} and "
        f"{dl['appeals']['late']:,} of {plural(dl['appeals']['decided'], 'appeal outcome')} were late."
    )
    appeals = out["appeals"]
    if sum(appeals.values()):
        lines.append(
            f"Of {plural(sum(appeals.values()), 'appeal')} decided, {appeals['upheld']:,} "
            f"{'was' if appeals['upheld'] == 1 else 'were'} upheld and the arrangement ended; "
            f"{out['protocols_ended_early']:,} of {plural(out['protocols_ended'], 'protocol')} ended "
            "before their planned end."
        )
    lines.append(
        f"{plural(t['breaches'], 'breach was', 'breaches were')} recorded, against "
        f"{b['with_breaches']:,} of the {plural(b['protocols'], 'protocol')} in force."
    )
    lines.append(_minutes_sentence(s["staff_minutes"], s["to"]))
    if e is not None:
        lines.append(_equality_sentence(e))
    return lines


def _equality_sentence(e: dict) -> str:
    notable = [
        (g["ratio"], g["group"], dim["label"])
        for dim in e["dimensions"]
        for g in dim["groups"]
        if g["ratio"] is not None and (g["ratio"] >= 1.5 or g["ratio"] <= 0.67)
    ]
    intro = f"Equality monitoring on {long_date(e['as_of'])} (groups of fewer than 10 people are not shown): "
    if not notable:
        return (
            intro + "no group that can be shown is under arrangements at less than two-thirds or more than "
            "one and a half times its share of all customers."
        )
    ratio_, group, label = max(notable, key=lambda n: abs(n[0] - 1))
    return intro + (
        f"the largest difference is in {label.lower()}: “{group}” is {ratio_:.2f} times as likely to "
        "be under an arrangement as customers overall; the committee may wish to ask why."
    )
