"""Issue 13: degrees read anywhere in the text, posts with clean boundaries, professional titles apart."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from recruiting.screening import parse_resume
from recruiting.screening.degrees import find_degrees

AS_OF = date(2026, 12, 7)


def _parse(text: str):
    return parse_resume(text, as_of=AS_OF)


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        ("李某，大专文化，会计师。", "大专"),
        ("本科学历", "本科"),
        ("大学学历", "本科"),
        ("大学文化程度", "本科"),
        ("1990年大学毕业", "本科"),
        ("研究生文化程度", "硕士"),
        ("工商管理硕士(MBA)", "硕士"),
        ("EMBA", "硕士"),
        ("工学学士", "本科"),
        ("博士研究生", "博士"),
        ("博士后，研究员", "博士"),
        ("中专学历", "中专/高中"),
        ("高中文化", "中专/高中"),
        ("大学专科毕业", "大专"),
        # unfinished: the level needed to start it
        ("在读博士", "硕士"),
        ("博士研究生(在读)", "硕士"),
        ("MBA在读", "本科"),
        ("本科在读", "中专/高中"),
        ("大学肄业", "中专/高中"),
        ("研究生课程进修班结业", "本科"),
        ("PhD candidate", "硕士"),
        # never a degree of the person
        ("名誉博士", None),
        ("博士生导师", None),
        ("北京大学毕业", None),
        ("指导硕士研究生10名", None),
        ("高中教师", None),
        ("初中文化", None),
        ("Scrum Master", None),
    ],
)
def test_degree_spellings_anywhere(text, degree):
    assert _parse(text).highest_degree == degree


def test_degree_in_a_sectioned_line_and_on_the_next_line():
    assert _parse("王五\n2012.09-2016.06 上海交通大学 市场营销 本科").highest_degree == "本科"
    assert _parse("教育背景\n2009-2012 广州番禺职业技术学院 市场营销\n专科").highest_degree == "大专"
    assert _parse("| 2006.09-2010.06 | 西南大学 | 汉语言文学 | 本科 |").highest_degree == "本科"


def test_an_education_line_not_ended_yet_counts_as_in_progress():
    text = "教育背景\n2024.09-至今 复旦大学 应用统计 硕士\n2019.09-2023.06 复旦大学 统计学 本科"
    parsed = _parse(text)
    assert parsed.education[0].degree == "硕士"  # the entry says what is being studied
    assert parsed.highest_degree == "本科"


def test_evidence_span_points_at_the_mention():
    parsed = _parse("张某，男，1968年出生，硕士研究生学历，高级经济师。")
    assert parsed.evidence_text("highest_degree") == ["硕士研究生"]
    assert [m.status for m in find_degrees("在读博士，名誉博士，大学肄业".lower())] == [
        "in_progress", "honorary", "not_completed",
    ]


def test_prose_bio_posts_organisations_dates_and_professional_titles():
    parsed = _parse(
        "张某，男，1968年出生，中国国籍，无境外永久居留权，硕士研究生学历，高级经济师。1990年7月至1998年任某某银行"
        "信贷员、科长；1998年起历任某某证券有限公司营业部副总经理、总经理，现任本公司董事、副总裁兼财务总监。"
    )
    assert parsed.highest_degree == "硕士"
    assert parsed.titles == ["信贷员", "科长", "营业部副总经理", "总经理", "董事", "副总裁", "财务总监"]
    assert parsed.professional_titles == ["高级经济师"]
    first, third = parsed.positions[0], parsed.positions[2]
    assert first == {"title": "信贷员", "organisation": "某某银行", "start": "1990-07", "end": "1998-01", "current": False}
    assert third["organisation"] == "某某证券有限公司" and third["start"] == "1998-01" and third["current"]
    assert parsed.positions[-1]["organisation"] == "本公司" and parsed.positions[-1]["current"]


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("先后任科员、副主任科员、主任科员", ["科员", "副主任科员", "主任科员"]),
        ("兼任某某股份有限公司独立董事", ["独立董事"]),
        ("现任某某集团党委书记、董事长", ["党委书记", "董事长"]),
        ("担任高级产品经理", ["高级产品经理"]),
        ("2003年在某某钢材批发交易市场任理事长助理", ["理事长助理"]),
        ("现任公司副董事长兼总裁", ["副董事长", "总裁"]),
        ("现任本公司董事长，负责公司全面工作，对总经理负责", ["董事长"]),
        ("历任本公司财务部部长、总会计师", ["财务部部长", "总会计师"]),
        ("历任某某银行支行行长、分行副行长", ["行长", "副行长"]),
        ("Senior Data Analyst at Acme Retail Group", ["Senior Data Analyst"]),
        ("He served as Chief Financial Officer of Nova Systems.", ["Chief Financial Officer"]),
    ],
)
def test_titles_cut_at_their_own_boundary(text, titles):
    assert _parse(text).titles == titles


def test_professional_titles_are_not_job_titles():
    parsed = _parse("赵某，博士研究生，教授级高级工程师。现任某某大学教授，兼任某某科技股份有限公司独立董事。")
    assert parsed.titles == ["独立董事"]
    assert parsed.professional_titles == ["教授级高级工程师", "教授"]
    sectioned = _parse("工作经历\n2016.07-至今 上海某某科技有限公司 高级工程师")
    assert sectioned.titles == ["高级工程师"] and sectioned.professional_titles == []


def test_a_desired_position_is_not_a_post_held():
    parsed = _parse("吕佳\n求职意向：行政经理\n当前职位：行政助理")
    assert parsed.titles == ["行政助理"]


def test_json_contract_adds_professional_titles():
    data = _parse("李某，大专文化，会计师。现任本公司财务经理。").to_json()
    assert data["titles"] == ["财务经理"] and data["professional_titles"] == ["会计师"]
    assert data["positions"] == [
        {"title": "财务经理", "organisation": "本公司", "start": None, "end": None, "current": True}
    ]


def test_evaluation_set_is_well_formed():
    rows = [json.loads(line) for line in (Path(__file__).parent / "eval" / "bios.jsonl").read_text().splitlines()]
    assert len(rows) >= 150
    assert {row["split"] for row in rows} == {"dev", "heldout"}
    for row in rows:
        assert row["degree"] in {None, "中专/高中", "大专", "本科", "硕士", "博士"}
        assert isinstance(row["titles"], list) and isinstance(row["professional_titles"], list)
