"""The small-numbers rule: no report shows how many people with a characteristic fall in a group under 10.

Equality data is special category personal data (UK GDPR Art. 9; 001 §7.1 asks for it to be recorded, analysed
and monitored). A group of fewer than 10 people is shown as "fewer than 10" with its count, share and ratio
withheld, on the dashboard, the board report (HTML and PDF), the API and the CSV exports alike: each of them
reads the figures only through :func:`suppress`, so none can show a small count.

Secondary suppression: when a column has exactly one withheld group its count could be worked out from the
total, so the next smallest group in that column is withheld too.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 10
FEWER_THAN = f"fewer than {THRESHOLD}"


@dataclass(frozen=True)
class Figure:
    """A count of people as a report may show it: ``count`` and ``share`` are ``None`` when withheld."""

    count: int | None
    share: float | None
    display: str

    @property
    def suppressed(self) -> bool:
        return self.count is None

    def as_dict(self) -> dict:
        return {"count": self.count, "share": self.share, "display": self.display, "suppressed": self.suppressed}


WITHHELD = Figure(count=None, share=None, display=FEWER_THAN)


def suppress(counts: dict[str, int], total: int) -> dict[str, Figure]:
    """One column of group counts (adding up to ``total``) made safe to publish; shares are percentages."""
    hidden = {group for group, n in counts.items() if n < THRESHOLD}
    if len(hidden) == 1 and len(counts) > 1:
        shown = sorted((n, group) for group, n in counts.items() if group not in hidden)
        hidden.add(shown[0][1])
    return {
        group: WITHHELD if group in hidden else Figure(count=n, share=round(100 * n / total, 1), display=f"{n:,}")
        for group, n in counts.items()
    }


def ratio(group: Figure, base: Figure) -> float | None:
    """Disproportionality ratio: the group's share among customers under arrangements over its share of all
    customers (1.0 = in proportion); withheld when either figure is."""
    if group.suppressed or base.suppressed or not base.share:
        return None
    return round(group.share / base.share, 2)
