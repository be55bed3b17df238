"""The interview cost engine (pure; no Django): one interview's cost, the roll-ups and the advice rules.

cost = Σ over interviewers (hours × hourly rate) + hours × room price + travel, each product rounded half up
to the fen. Hours are the actual time when the room recorded a start and an end, else the planned time.
An interviewer without any rate (no explicit rate, no pay record) adds nothing and is counted in
``missing_rates`` so the report can say so.

Arithmetic is in integer fen and seconds (exact, and fast enough to price tens of thousands of interviews
per page view); ``Cost`` hands out ``Decimal`` yuan. ``hourly_from_monthly`` rounds with hrportal.decimals.half_up.
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


def to_fen(yuan: Decimal | None) -> int | None:
    return None if yuan is None else int(half_up(yuan) * 100)


def yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def priced(seconds: int, rate_fen: int) -> int:
    """seconds × rate per hour, in fen, rounded half up (non-negative operands)."""
    return (2 * seconds * rate_fen + 3600) // 7200


@dataclass
class Cost:
    time_fen: int = 0
    room_fen: int = 0
    travel_fen: int = 0
    interviews: int = 0
    missing_rates: int = 0

    @property
    def time(self) -> Decimal:
        return yuan(self.time_fen)

    @property
    def room(self) -> Decimal:
        return yuan(self.room_fen)

    @property
    def travel(self) -> Decimal:
        return yuan(self.travel_fen)

    @property
    def total(self) -> Decimal:
        return yuan(self.time_fen + self.room_fen + self.travel_fen)

    def add(self, other: Cost) -> None:
        self.time_fen += other.time_fen
        self.room_fen += other.room_fen
        self.travel_fen += other.travel_fen
        self.interviews += other.interviews
        self.missing_rates += other.missing_rates

    def shares(self) -> dict[str, Decimal]:
        total = self.time_fen + self.room_fen + self.travel_fen
        if not total:
            return {"time": ZERO, "room": ZERO, "travel": ZERO}
        return {k: half_up(Decimal(100 * v) / total, "0.1")
                for k, v in (("time", self.time_fen), ("room", self.room_fen), ("travel", self.travel_fen))}


@dataclass(frozen=True)
class InterviewFacts:
    """What the engine needs of one interview (the selectors fill it)."""

    interview_id: int
    seconds: int
    rates_fen: tuple[int | None, ...]  # one per interviewer, per hour
    room_fen: int | None  # room price per hour
    travel_fen: int
    round_key: object = None
    position_key: object = None
    department_key: object = None
    round_order: int = 1

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.seconds) / 3600).quantize(Decimal("0.01"))


def interview_cost(facts: InterviewFacts) -> Cost:
    time = sum(priced(facts.seconds, rate) for rate in facts.rates_fen if rate is not None)
    room = priced(facts.seconds, facts.room_fen) if facts.room_fen is not None else 0
    return Cost(time_fen=time, room_fen=room, travel_fen=facts.travel_fen, interviews=1,
                missing_rates=sum(1 for r in facts.rates_fen if r is None))


@dataclass
class Rollup:
    total: Cost = field(default_factory=Cost)
    by_round: dict = field(default_factory=lambda: defaultdict(Cost))
    by_position: dict = field(default_factory=lambda: defaultdict(Cost))
    by_department: dict = field(default_factory=lambda: defaultdict(Cost))
    senior_early: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # position → [n, senior fen]


def senior_threshold(rates_fen: list[int]) -> int | None:
    """The rate from which an interviewer counts as senior (top quarter), None with fewer than 4 rates."""
    if len(rates_fen) < 4:
        return None
    ordered = sorted(rates_fen)
    return ordered[int(len(ordered) * SENIOR_RATE_QUANTILE)]


def roll_up(facts: list[InterviewFacts], *, senior_from: int | None = None) -> Rollup:
    rollup = Rollup()
    for f in facts:
        cost = interview_cost(f)
        rollup.total.add(cost)
        rollup.by_round[f.round_key].add(cost)
        rollup.by_position[f.position_key].add(cost)
        rollup.by_department[f.department_key].add(cost)
        if senior_from is not None and f.round_order <= EARLY_ROUND_ORDER:
            senior = [r for r in f.rates_fen if r is not None and r >= senior_from]
            if senior:
                entry = rollup.senior_early[f.position_key]
                entry[0] += 1
                entry[1] += sum(priced(f.seconds, r) for r in senior)
    return rollup


@dataclass(frozen=True)
class Group:
    """``n`` interviews (room) or panel seats (time) of one round × position × department that share the same
    seconds and the same hourly price (``None``: no rate / no priced room). Every one of them costs
    ``priced(seconds, price)``, so a group is priced once and counted ``n`` times — the same fen as pricing each
    interview on its own (the rounding is per product either way)."""

    n: int
    seconds: int
    price_fen: int | None
    round_key: object = None
    position_key: object = None
    department_key: object = None
    round_order: int = 1


def roll_up_groups(
    *, seats: list[Group], rooms: list[Group], travel: dict, senior_from: int | None = None,
    senior_interviews: dict | None = None,
) -> Rollup:
    """The roll-up of ``roll_up`` from grouped facts: ``seats`` (interviewer time), ``rooms`` (one group per
    interview set, which also counts the interviews), ``travel`` (fen per (round, position, department) key) and,
    for the senior-time rule, ``senior_interviews`` (position → early-round interviews with a senior on the
    panel, counted by the caller)."""
    cells: dict = defaultdict(Cost)
    for g in rooms:
        cell = cells[(g.round_key, g.position_key, g.department_key)]
        cell.interviews += g.n
        if g.price_fen is not None:
            cell.room_fen += g.n * priced(g.seconds, g.price_fen)
    for key, fen in travel.items():
        cells[key].travel_fen += fen
    rollup = Rollup()
    for g in seats:
        cell = cells[(g.round_key, g.position_key, g.department_key)]
        if g.price_fen is None:
            cell.missing_rates += g.n
            continue
        fen = g.n * priced(g.seconds, g.price_fen)
        cell.time_fen += fen
        if senior_from is not None and g.round_order <= EARLY_ROUND_ORDER and g.price_fen >= senior_from:
            rollup.senior_early[g.position_key][1] += fen
    for (round_key, position_key, department_key), cost in cells.items():
        rollup.total.add(cost)
        rollup.by_round[round_key].add(cost)
        rollup.by_position[position_key].add(cost)
        rollup.by_department[department_key].add(cost)
    for key, n in (senior_interviews or {}).items():
        if key in rollup.senior_early:
            rollup.senior_early[key][0] = n
    return rollup


def per_hire(by_position: dict, hires: dict) -> dict:
    """Cost per hire per position (all its interviews ÷ hires); positions without a hire are left out."""
    return {key: half_up(cost.total / hires[key]) for key, cost in by_position.items() if hires.get(key)}


def advice(*, rollup: Rollup, hires_cost: dict, round_pass_rates: dict, priorities: dict) -> list[dict]:
    """The advice rules (figures included): senior time on early rounds, rounds whose pass rate is at least
    NEAR_ALL_PASS %, positions whose cost per hire is more than FAR_ABOVE_MEDIAN × the company median."""
    found = []
    for key, (n, fen) in sorted(rollup.senior_early.items(), key=lambda kv: -kv[1][1]):
        found.append({"rule": "senior_early", "key": key, "n": n, "cost": yuan(fen), "priority": priorities.get(key, "normal")})
    for key, rate in sorted(round_pass_rates.items(), key=lambda kv: str(kv[0])):
        if rate is not None and rate >= NEAR_ALL_PASS and key in rollup.by_round:
            found.append({"rule": "near_all_pass", "key": key, "rate": rate, "cost": rollup.by_round[key].total})
    if len(hires_cost) >= 3:
        median = Decimal(statistics.median(hires_cost.values()))
        for key, value in sorted(hires_cost.items(), key=lambda kv: -kv[1]):
            if median and value > FAR_ABOVE_MEDIAN * median:
                found.append({"rule": "above_median", "key": key, "per_hire": value, "median": half_up(median)})
    return found
