"""Date styles resumes use, at month precision, and how overlapping jobs add up."""

from __future__ import annotations

import pytest

from recruiting.screening.dates import YearMonth, find_open_starts, find_ranges, merged_months
from recruiting.screening.normalise import normalise

AS_OF = YearMonth(2026, 11)


def _one_range(text: str):
    ranges = find_ranges(normalise(text).lower, AS_OF)
    assert len(ranges) == 1, ranges
    found = ranges[0]
    return found.start.iso(), found.end.iso() if found.end else None, found.current


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019.03-至今", ("2019-03", None, True)),
        ("2019.3 - 2021.5", ("2019-03", "2021-05", False)),
        ("2019-03 ~ 2021-05", ("2019-03", "2021-05", False)),
        ("2019/03－2021/05", ("2019-03", "2021-05", False)),
        ("2019年3月—2021年5月", ("2019-03", "2021-05", False)),
        ("2019年03月至2021年05月", ("2019-03", "2021-05", False)),
        ("2019年3月-今", ("2019-03", None, True)),
        ("Mar 2019 – Present", ("2019-03", None, True)),
        ("March 2019 to May 2021", ("2019-03", "2021-05", False)),
        ("Sept. 2018 - now", ("2018-09", None, True)),
        ("03/2019-05/2021", ("2019-03", "2021-05", False)),
        ("3/2019 – current", ("2019-03", None, True)),
        ("２０１９．０３－２０２１．０５", ("2019-03", "2021-05", False)),
        ("２０１９年３月～至今", ("2019-03", None, True)),
        ("2003年至2008年", ("2003-01", "2008-01", False)),
        ("2016-2016", ("2016-01", "2016-12", False)),
        ("2015.09-2019.06.30", ("2015-09", "2019-06", False)),
        ("2024.01-2027.06", ("2024-01", None, True)),  # an end in the coming months means still there
    ],
)
def test_date_styles(text, expected):
    assert _one_range(text) == expected


@pytest.mark.parametrize("text", ["电话 13812345678", "邮编 200120", "2019", "营收 2019 万元", "2019.13-2020.01", "2024.01-2031.12"])
def test_things_that_are_not_ranges(text):
    assert find_ranges(normalise(text).lower, AS_OF) == []


@pytest.mark.parametrize(
    ("text", "start"), [("2008年起任某某公司总经理", "2008-01"), ("since 2015 at Acme", "2015-01"), ("2010年3月起", "2010-03")]
)
def test_open_starts(text, start):
    (found,) = find_open_starts(normalise(text).lower, AS_OF)
    assert found.start.iso() == start and found.current


def test_overlapping_ranges_are_counted_once():
    lower = normalise("2015.01-2018.01 甲公司\n2017.01-2019.01 乙公司\n2018.06-2018.12 兼职").lower
    ranges = find_ranges(lower, AS_OF)
    assert [r.months(AS_OF) for r in ranges] == [37, 25, 7]  # a stated end month counts in full
    assert merged_months(ranges, AS_OF) == 49  # January 2015 to the end of January 2019


def test_gap_between_jobs_is_not_counted():
    lower = normalise("2010.01-2012.01\n2015.01-2016.01").lower
    assert merged_months(find_ranges(lower, AS_OF), AS_OF) == 25 + 13


def test_consecutive_jobs_leave_no_gap():
    lower = normalise("2017.07-2019.02\n2019.03-至今").lower
    assert merged_months(find_ranges(lower, AS_OF), AS_OF) == 112  # July 2017 up to November 2026


def test_bare_years():
    assert find_ranges(normalise("2003年至2008年").lower, AS_OF)[0].months(AS_OF) == 60
    assert find_ranges(normalise("2016-2016").lower, AS_OF)[0].months(AS_OF) == 12


def test_present_counts_up_to_the_as_of_month():
    (found,) = find_ranges(normalise("2025.11-至今").lower, AS_OF)
    assert found.months(AS_OF) == 12
