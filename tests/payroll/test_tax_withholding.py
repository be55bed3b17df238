"""The IIT engine (payroll/tax/): every rule of issue 15 item 3 by its own test, through the pure engine and
through the ``iit_withholding`` command's contract."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from payroll.tax import tables
from payroll.tax.bonus import separate_bonus_tax
from payroll.tax.schedule import ScheduleError, read_schedule, run_schedule
from payroll.tax.withholding import Cumulative, TaxYear, withholding_for_month


def months(n, gross="30000.00", special="4500.00", additional="2000.00", tax_free="0.00", start=1):
    return [{"month": m, "gross": gross, "special_deductions": special, "additional_deductions": additional,
             "tax_free": tax_free} for m in range(start, start + n)]


def run(data):
    return run_schedule(read_schedule(data))


def withheld(data):
    return [D(m["withholding"]) for m in run(data)["months"]]


def test_official_example_555_625_1850():
    out = run({"year": 2019, "hire_month": 1, "months": months(3)})
    assert [m["withholding"] for m in out["months"]] == ["555.00", "625.00", "1850.00"]
    assert out["months"][1] == {"month": 2, "cumulative_taxable": "37000.00", "rate": "0.10",
                                "quick_deduction": "2520.00", "withholding": "625.00"}
    assert out["annual_bonus_tax"] == "0.00"


def test_command_prints_the_contract(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"year": 2026, "hire_month": 1, "first_wage_income_in_year": False,
                                "prior_year_same_employer_le_60000": False, "months": months(3),
                                "annual_bonus": {"month": 12, "amount": "36001.00", "method": "separate"}}))
    call_command("iit_withholding", str(path))
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"months", "annual_bonus_tax"}
    assert [m["withholding"] for m in out["months"]] == ["555.00", "625.00", "1850.00"]
    assert set(out["months"][0]) == {"month", "cumulative_taxable", "rate", "quick_deduction", "withholding"}
    assert out["annual_bonus_tax"] == "3390.10"


@pytest.mark.parametrize("data, field", [
    ({"year": 2026, "months": [{"month": 1, "gross": "abc"}]}, "months[0].gross"),
    ({"year": 2026, "months": [{"month": 13, "gross": "1"}]}, "months[0].month"),
    ({"year": "2026", "months": []}, "year"),
    ({"year": 2026, "months": []}, "months"),
    ({"year": 2026, "months": [{"month": 2, "gross": "1"}, {"month": 1, "gross": "1"}]}, "months[1].month"),
    ({"year": 2026, "hire_month": 5, "months": [{"month": 3, "gross": "1"}]}, "months[0].month"),
    ({"year": 2026, "months": [{"month": 1, "gross": "-5"}]}, "months[0].gross"),
    ({"year": 2026, "months": [{"month": 1, "gross": "1.005"}]}, "months[0].gross"),
    ({"year": 2026, "months": [{"month": 1}]}, "months[0].gross"),
    ({"year": 2026, "months": [{"month": 1, "gross": "1", "bonus": "1"}]}, "months[0].bonus"),
    ({"year": 2026, "first_wage_income_in_year": "yes", "months": [{"month": 1, "gross": "1"}]}, "first_wage_income_in_year"),
    ({"year": 2026, "months": [{"month": 1, "gross": "1"}], "annual_bonus": {"month": 12, "amount": "1", "method": "x"}}, "annual_bonus.method"),
])
def test_bad_input_names_the_field(data, field):
    with pytest.raises(ScheduleError) as info:
        read_schedule(data)
    assert info.value.field == field


def test_command_bad_input_exits_2_naming_the_field(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"year": 2026, "months": [{"month": 1, "gross": "三万"}]}))
    with pytest.raises(SystemExit) as info:
        call_command("iit_withholding", str(path))
    assert info.value.code == 2
    assert "months[0].gross" in capsys.readouterr().err
    path.write_text("{not json")
    with pytest.raises(SystemExit) as info:
        call_command("iit_withholding", str(path))
    assert info.value.code == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_high_earner_crosses_every_bracket_over_twelve_months():
    # 100,000 a month, nothing deducted but 5,000: cumulative taxable 95,000 × m
    data = {"year": 2026, "months": months(12, gross="100000.00", special="0", additional="0")}
    out = run(data)["months"]
    rates = [m["rate"] for m in out]
    assert rates == ["0.10", "0.20", "0.20", "0.25", "0.30", "0.30", "0.35", "0.35", "0.35", "0.35", "0.45", "0.45"]
    # the sum withheld equals the annual table applied to the year's taxable income
    total = sum(D(m["withholding"]) for m in out)
    assert total == D("1140000") * D("0.45") - D("181920")
    # month 2 by hand: 190,000 × 20% − 16,920 − (95,000 × 10% − 2,520)
    assert out[1]["withholding"] == "14100.00"


def test_mid_year_hire_counts_the_basic_deduction_from_the_hire_month():
    data = {"year": 2026, "hire_month": 7, "months": months(1, gross="20000.00", special="0", additional="0", start=7)}
    assert withheld(data) == [D("450.00")]  # (20,000 − 5,000) × 3%


def test_first_wage_income_rule_counts_from_january():
    data = {"year": 2026, "hire_month": 7, "first_wage_income_in_year": True,
            "months": months(2, gross="20000.00", special="0", additional="0", start=7)}
    # July: 20,000 − 35,000 < 0 → 0; August: 40,000 − 40,000 = 0 → 0
    assert withheld(data) == [D("0.00"), D("0.00")]
    data["months"] = months(3, gross="20000.00", special="0", additional="0", start=7)
    assert withheld(data)[2] == D("450.00")  # 60,000 − 45,000 = 15,000 × 3%


def test_prior_year_low_income_rule_withholds_nothing_until_60000():
    data = {"year": 2026, "prior_year_same_employer_le_60000": True,
            "months": months(12, gross="7000.00", special="0", additional="0")}
    out = withheld(data)
    # cumulative income passes 60,000 in month 9 (63,000): 3,000 × 3% = 90
    assert out[:8] == [D("0.00")] * 8
    assert out[8] == D("90.00")
    assert out[9] == D("210.00")
    # the rule does not exist before tax year 2021
    assert tables.deductions(2020).prior_year_low_income_allowance is None


def test_negative_month_withholds_zero_and_carries_the_difference():
    tax_year = TaxYear(year=2026)
    jan = withholding_for_month(tax_year, Cumulative(), month=1, gross=D("20000"))
    assert jan.withholding == D("450.00")
    # February: a low month and a large back-dated declaration: the cumulative tax falls below what was withheld
    feb = withholding_for_month(tax_year, jan.totals, month=2, gross=D("5000"), additional_cumulative=D("20000"))
    assert feb.cumulative_taxable == D("0")
    assert feb.withholding == D("0.00")
    assert feb.over_withheld == D("450.00")
    march = withholding_for_month(tax_year, feb.totals, month=3, gross=D("20000"), additional_cumulative=D("20000"))
    # (45,000 − 15,000 − 20,000) × 3% = 300 due, 450 already withheld → still 0, the difference carried
    assert march.withholding == D("0.00")
    assert march.totals.withheld == D("450.00")


def test_backdated_deduction_drives_a_month_to_zero_never_negative():
    tax_year = TaxYear(year=2026)
    state, taxes = Cumulative(), []
    for month in (1, 2, 3):
        result = withholding_for_month(tax_year, state, month=month, gross=D("10000"))
        state, taxes = result.totals, taxes + [result.withholding]
    assert taxes == [D("150.00")] * 3
    # April: 3,000 a month of elderly support declared back to January → cumulative additional 12,000
    april = withholding_for_month(tax_year, state, month=4, gross=D("10000"), additional_cumulative=D("12000"))
    assert april.withholding == D("0.00")
    assert april.cumulative_tax == D("240")  # (40,000 − 20,000 − 12,000) × 3%
    assert april.over_withheld == D("210")  # 450 withheld − 240 due: kept, never refunded through payroll
    may = withholding_for_month(tax_year, april.totals, month=5, gross=D("10000"), additional_cumulative=D("15000"))
    assert may.withholding == D("0.00")  # 300 due − 450 withheld
    june = withholding_for_month(tax_year, may.totals, month=6, gross=D("10000"), additional_cumulative=D("18000"))
    july = withholding_for_month(tax_year, june.totals, month=7, gross=D("10000"), additional_cumulative=D("21000"))
    assert (june.withholding, july.withholding) == (D("0.00"), D("0.00"))
    august = withholding_for_month(tax_year, july.totals, month=8, gross=D("10000"), additional_cumulative=D("24000"))
    assert august.withholding == D("30.00")  # (80,000 − 40,000 − 24,000) × 3% = 480 − 450


def test_rounding_to_the_fen_half_up_only_at_the_end_of_the_month():
    tax_year = TaxYear(year=2026)
    result = withholding_for_month(tax_year, Cumulative(), month=1, gross=D("5000.50"))
    assert result.cumulative_tax == D("0.0150")  # exact until the month's amount
    assert result.withholding == D("0.02")  # 0.015 → 0.02 half up
    result = withholding_for_month(tax_year, Cumulative(), month=1, gross=D("5000.49"))
    assert result.withholding == D("0.01")  # 0.0147


@pytest.mark.parametrize("amount, expected", [
    ("36000.00", "1080.00"),     # 3,000 a month: 3%
    ("36000.01", "3390.00"),     # just over: 10% − 210
    ("144000.00", "14190.00"),   # 12,000: 10%
    ("144000.12", "27390.02"),   # 20% − 1,410
    ("300000.00", "58590.00"),   # 25,000: 20%
    ("300000.12", "72340.03"),   # 25% − 2,660
    ("420000.00", "102340.00"),  # 35,000: 25%
    ("420000.12", "121590.04"),  # 30% − 4,410
    ("660000.00", "193590.00"),  # 55,000: 30%
    ("660000.12", "223840.04"),  # 35% − 7,160
    ("960000.00", "328840.00"),  # 80,000: 35%
    ("960000.12", "416840.05"),  # 45% − 15,160
])
def test_separate_bonus_at_both_sides_of_each_bracket_edge(amount, expected):
    assert separate_bonus_tax(2026, D(amount)).tax == D(expected)


def test_merged_bonus_goes_into_the_month():
    data = {"year": 2026, "months": months(12, gross="10000.00", special="0", additional="0"),
            "annual_bonus": {"month": 12, "amount": "36000.00", "method": "merged"}}
    out = run(data)
    assert out["annual_bonus_tax"] == "0.00"
    # December: 156,000 − 60,000 = 96,000 → 9,600 − 2,520 − 2,980 withheld in Jan–Nov (55,000 × 10% − 2,520)
    assert out["months"][11]["withholding"] == "4100.00"
    separate = run({**data, "annual_bonus": {"month": 12, "amount": "36000.00", "method": "separate"}})
    assert separate["annual_bonus_tax"] == "1080.00"
    assert separate["months"][11]["withholding"] == "500.00"  # 60,000 × 10% − 2,520 − 2,980


def test_tax_free_income_is_not_taxed():
    data = {"year": 2026, "months": [{"month": 1, "gross": "10000.00", "tax_free": "1000.00"}]}
    assert withheld(data) == [D("120.00")]  # (10,000 − 1,000 − 5,000) × 3%


def test_tables_are_dated_data():
    assert tables.withholding_table(2026).bracket_for(D("36000")).rate == D("0.03")
    assert tables.withholding_table(2026).bracket_for(D("36000.01")).rate == D("0.10")
    assert tables.deductions(2022).additional_monthly_caps["children_education"] == D("1000")
    assert tables.deductions(2026).additional_monthly_caps["children_education"] == D("2000")
    with pytest.raises(LookupError):
        tables.bonus_table(2028)  # the separate method's end date (UNVERIFIED 2027-12-31)
