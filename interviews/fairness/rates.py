"""Impact ratios, the pure part (pandas only; no Django). The one home of the audit's arithmetic.

- **Selection rate** of a category = selected ÷ considered in that category (LL144 §5-300; 29 CFR 1607.16).
- **Scoring rate** = the share of the category scoring **strictly above** the median of the **whole sample**
  (LL144 §5-301(c): ties at the median do not count).
- **Impact ratio** = the category's rate ÷ the highest rate among the included categories.
- Categories holding less than ``min_share`` (2 %) of the people with a known value are **excluded** from the
  ratios and listed with their count and rate (§5-301(d)); people with no consented value ("unknown") are
  counted and excluded.
- A ratio below ``threshold`` (0.8, the four-fifths rule of 29 CFR 1607.4(D)) is flagged; a category with fewer
  than ``small_n`` people carries a small-sample warning (the rule itself says small numbers may mislead).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from hrportal.lazy_imports import LazyModule

pd = LazyModule("pandas")  # imported at first use: Django start-up stays light


UNKNOWN = "unknown"
MIN_SHARE = 0.02
THRESHOLD = 0.8
SMALL_N = 30


@dataclass
class CategoryRate:
    category: str
    n: int
    selected: int
    rate: float | None
    impact_ratio: float | None = None
    flagged: bool = False
    excluded: bool = False
    small: bool = False


@dataclass
class ImpactTable:
    measure: str
    attribute: str
    kind: str  # "selection" | "scoring"
    categories: list[CategoryRate] = field(default_factory=list)
    excluded: list[CategoryRate] = field(default_factory=list)
    unknown: int = 0
    median: float | None = None

    @property
    def flags(self) -> list[CategoryRate]:
        return [c for c in self.categories if c.flagged]

    def to_dict(self) -> dict:
        return {"measure": self.measure, "attribute": self.attribute, "kind": self.kind,
                "categories": [asdict(c) for c in self.categories], "excluded": [asdict(c) for c in self.excluded],
                "unknown": self.unknown, "median": self.median}


def impact_table(counts: Mapping[str, tuple[int, int]], *, measure: str, attribute: str, kind: str = "selection",
                 unknown: int = 0, min_share: float = MIN_SHARE, threshold: float = THRESHOLD,
                 small_n: int = SMALL_N, median: float | None = None) -> ImpactTable:
    """``counts`` = {category: (considered, selected)} of people with a known value."""
    table = ImpactTable(measure, attribute, kind, unknown=unknown, median=median)
    total = sum(n for n, _ in counts.values())
    rows = []
    for category, (n, selected) in sorted(counts.items()):
        if n <= 0:
            continue
        row = CategoryRate(category, int(n), int(selected), round(selected / n, 6), small=n < small_n)
        if total and n / total < min_share:
            row.excluded = True
            table.excluded.append(row)
        else:
            rows.append(row)
    best = max((r.rate for r in rows), default=None)
    for row in rows:
        if best:
            row.impact_ratio = round(row.rate / best, 6)
            row.flagged = row.impact_ratio < threshold
    table.categories = rows
    return table


def selection_tables(frame: pd.DataFrame, *, measure: str, considered: str, selected: str,
                     attributes: Iterable[str], **options) -> list[ImpactTable]:
    """One table per attribute: among rows where ``considered`` is true, the share where ``selected`` is."""
    pool = frame[frame[considered].astype(bool)]
    tables = []
    for attribute in attributes:
        known = pool[pool[attribute] != UNKNOWN]
        grouped = known.groupby(attribute)[selected].agg(["count", "sum"])
        counts = {str(k): (int(v["count"]), int(v["sum"])) for k, v in grouped.iterrows()}
        tables.append(impact_table(counts, measure=measure, attribute=attribute, kind="selection",
                                   unknown=int((pool[attribute] == UNKNOWN).sum()), **options))
    return tables


def scoring_tables(frame: pd.DataFrame, *, measure: str, score: str, attributes: Iterable[str],
                   **options) -> list[ImpactTable]:
    """LL144 scoring rates: the median over everyone scored (whatever their category), then per category the
    share strictly above it."""
    scored = frame[frame[score].notna()]
    if scored.empty:
        return [impact_table({}, measure=measure, attribute=a, kind="scoring", **options) for a in attributes]
    median = float(scored[score].astype(float).median())
    above = scored[score].astype(float) > median
    scored = scored.assign(_above=above)
    tables = []
    for attribute in attributes:
        known = scored[scored[attribute] != UNKNOWN]
        grouped = known.groupby(attribute)["_above"].agg(["count", "sum"])
        counts = {str(k): (int(v["count"]), int(v["sum"])) for k, v in grouped.iterrows()}
        tables.append(impact_table(counts, measure=measure, attribute=attribute, kind="scoring",
                                   unknown=int((scored[attribute] == UNKNOWN).sum()), median=round(median, 4),
                                   **options))
    return tables
