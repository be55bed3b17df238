"""The interview cost engine (pure; no Django): one interview's cost, the roll-ups and the advice rules.

cost = Σ over interviewers (hours × hourly rate) + hours × room price + travel, each product rounded half up
to the fen (hrportal.decimals.half_up). Hours are the actual time when the room recorded a start and an end,
else the planned time. An interviewer without any rate (no explicit rate, no pay record) adds nothing and is
counted in ``missing_rates`` so the report can say so.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from hrportal.decimals import half_up

HOURS_PER_MONTH = Decimal("174")  # china-rules §6: monthly wage ÷ 21.75 days ÷ 8 h
ZERO = Decimal("0")
SENIOR_RATE_QUANTILE = 0.75  # "senior" = rate in the top quarter of the interviewers' rates
EARLY_ROUND_ORDER = 1
NEAR_ALL_PASS = Decimal("95")  # % of scorecards recommending
FAR_ABOVE_MEDIAN = Decimal("2")  # × the company median cost per hire


def hourly_from_monthly(monthly: Decimal) -> Decimal:
    """Hourly rate of a monthly wage: ÷ 174, to the fen."""
    return half_up(Decimal(monthly) / HOURS_PER_MONTH)


def hours_between(start, end) -> Decimal:
    """Hours between two datetimes as a Decimal (minutes exact; money is rounded later, not hours)."""
    return Decimal(int((end - start).total_seconds())) / Decimal(3600)


@dataclass
class Cost:
    time: Decimal = ZERO
    room: Decimal = ZERO
    travel: Decimal = ZERO
    interviews: int = 0
    missing_rates: int = 0

    @property
    def total(self) -> Decimal:
        return self.time + self.room + self.travel

    def add(self, other: Cost) -> None:
        self.time += other.time
        self.room += other.room
        self.travel += other.travel
        self.interviews += other.interviews
        self.missing_rates += other.missing_rates

    def shares(self) -> dict[str, Decimal]:
        total = self.total
        if not total:
            return {"time": ZERO, "room": ZERO, "travel": ZERO}
        return {k: half_up(100 * v / total, "0.1") for k, v in (("time", self.time), ("room", self.room), ("travel", self.travel))}


@dataclass(frozen=True)
class InterviewFacts:
    """What the engine needs of one interview (the selectors fill it)."""

    interview_id: int
    hours: Decimal
    rates: tuple[Decimal | None, ...]  # one per interviewer
    room_price: Decimal | None
    travel: Decimal
    round_key: object = None
    position_key: object = None
    department_key: object = None
    round_order: int = 1
    position_priority: str = "normal"


def interview_cost(facts: InterviewFacts) -> Cost:
    time = sum((half_up(facts.hours * rate) for rate in facts.rates if rate is not None), ZERO)
    room = half_up(facts.hours * facts.room_price) if facts.room_price is not None else ZERO
    return Cost(time=time, room=room, travel=half_up(facts.travel), interviews=1,
                missing_rates=sum(1 for r in facts.rates if r is None))


@dataclass
class Rollup:
    total: Cost = field(default_factory=Cost)
    by_round: dict = field(default_factory=lambda: defaultdict(Cost))
    by_position: dict = field(default_factory=lambda: defaultdict(Cost))
    by_department: dict = field(default_factory=lambda: defaultdict(Cost))
    senior_early: dict = field(default_factory=lambda: defaultdict(lambda: [0, ZERO]))  # position → [n, senior cost]


def senior_threshold(rates: list[Decimal]) -> Decimal | None:
    """The rate from which an interviewer counts as senior (top quarter), None with fewer than 4 rates."""
    if len(rates) < 4:
        return None
    ordered = sorted(rates)
    return ordered[int(len(ordered) * SENIOR_RATE_QUANTILE)]


def roll_up(facts: list[InterviewFacts], *, senior_from: Decimal | None = None) -> Rollup:
    rollup = Rollup()
    for f in facts:
        cost = interview_cost(f)
        rollup.total.add(cost)
        rollup.by_round[f.round_key].add(cost)
        rollup.by_position[f.position_key].add(cost)
        rollup.by_department[f.department_key].add(cost)
        if senior_from is not None and f.round_order <= EARLY_ROUND_ORDER:
            senior = [r for r in f.rates if r is not None and r >= senior_from]
            if senior:
                entry = rollup.senior_early[f.position_key]
                entry[0] += 1
                entry[1] += sum((half_up(f.hours * r) for r in senior), ZERO)
    return rollup


def per_hire(by_position: dict, hires: dict) -> dict:
    """Cost per hire per position (all its interviews ÷ hires); positions without a hire are left out."""
    return {key: half_up(cost.total / hires[key]) for key, cost in by_position.items() if hires.get(key)}


def advice(*, rollup: Rollup, hires_cost: dict, round_pass_rates: dict, priorities: dict) -> list[dict]:
    """The advice rules (figures included): senior time on early rounds (first round, low or normal priority
    first), rounds whose pass rate is at least NEAR_ALL_PASS %, positions whose cost per hire is more than
    FAR_ABOVE_MEDIAN × the company median."""
    found = []
    for key, (n, cost) in sorted(rollup.senior_early.items(), key=lambda kv: -kv[1][1]):
        found.append({"rule": "senior_early", "key": key, "n": n, "cost": cost,
                      "priority": priorities.get(key, "normal")})
    for key, rate in sorted(round_pass_rates.items(), key=lambda kv: str(kv[0])):
        if rate is not None and rate >= NEAR_ALL_PASS and key in rollup.by_round:
            found.append({"rule": "near_all_pass", "key": key, "rate": rate, "cost": rollup.by_round[key].total})
    if len(hires_cost) >= 3:
        median = Decimal(statistics.median(hires_cost.values()))
        for key, value in sorted(hires_cost.items(), key=lambda kv: -kv[1]):
            if median and value > FAR_ABOVE_MEDIAN * median:
                found.append({"rule": "above_median", "key": key, "per_hire": value, "median": half_up(median)})
    return found
