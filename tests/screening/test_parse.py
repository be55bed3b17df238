"""The parser on the resume shapes HR actually receives: sectioned zh and en resumes, prose bios,
full-width text, every degree spelling, with evidence spans that point at what was read."""

from __future__ import annotations

from pathlib import Path

import pytest

from recruiting.screening import normalise, parse_resume

from .conftest import AS_OF

FILES = Path(__file__).parent / "files"


def _parse(text: str, lexicon):
    return parse_resume(text, lexicon, as_of=AS_OF)


def _file(name: str) -> str:
    return (FILES / name).read_text(encoding="utf-8")


# --- whole resumes ---------------------------------------------------------------------------------


def test_sectioned_chinese_resume(lexicon):
    parsed = _parse(_file("zh_sectioned.txt"), lexicon)
    assert (parsed.name, parsed.phone, parsed.email) == ("张伟", "13812345678", "zhangwei.dev@example.com")
    assert parsed.highest_degree == "硕士"
    assert [e.to_json() for e in parsed.education] == [
        {"degree": "本科", "school": "浙江大学", "major": "计算机科学与技术", "start": "2010-09", "end": "2014-06"},
        {"degree": "硕士", "school": "上海交通大学", "major": "软件工程", "start": "2014-09", "end": "2017-06"},
    ]
    assert [(e.company, e.title, e.start.iso(), e.end and e.end.iso(), e.current) for e in parsed.experience] == [
        ("上海某某科技有限公司", "技术总监", "2019-03", None, True),
        ("杭州某某网络技术有限公司", "高级工程师", "2017-07", "2019-02", False),
    ]
    # 2017-07 … 2026-11 without a gap: 112 months
    assert parsed.years_experience == pytest.approx(9.3) and parsed.years_source == "dated"
    assert parsed.team_size_max == 15
    assert {"Python", "MySQL", "Redis", "Spark", "Kafka", "Go", "Docker", "Kubernetes", "机器学习", "微服务"} <= set(parsed.skills)
    assert parsed.titles == ["技术总监", "高级工程师"]
    assert "PMP" in parsed.certifications
    assert parsed.languages == [{"language": "英语", "level": "CET-6"}]
    assert parsed.sections == ["education", "work", "skills", "certs", "languages"]


def test_english_markdown_resume(lexicon):
    parsed = _parse(_file("en_resume.md"), lexicon)
    assert parsed.name == "John Smith"
    assert parsed.phone == "13912345678" and parsed.email == "john.smith@example.com"
    assert parsed.highest_degree == "硕士"
    assert [(e.school, e.degree, e.major) for e in parsed.education] == [
        ("Fudan University", "硕士", "Statistics"),
        ("Nanjing University", "本科", "Mathematics"),
    ]
    assert [(e.company, e.title) for e in parsed.experience] == [
        ("Acme Retail Group", "Senior Data Analyst"),
        ("Beta Consulting Ltd.", "Data Analyst"),
    ]
    assert parsed.experience[0].current and parsed.experience[1].end.iso() == "2019-02"
    assert parsed.team_size_max == 8
    assert {"Tableau", "Power BI", "SQL", "Python", "Pandas", "A/B测试"} <= set(parsed.skills)
    assert parsed.certifications[:2] == ["CFA", "FRM"]
    assert {"language": "普通话", "level": "NATIVE"} in parsed.languages


def test_prose_bio(lexicon):
    parsed = _parse(_file("zh_prose.txt"), lexicon)
    assert parsed.name == "李建国" and parsed.phone == "13612345678"
    first, second = parsed.experience
    assert (first.company, first.title, first.start.iso(), first.current) == ("某某集团股份有限公司", "总经理", "2008-01", True)
    assert (second.company, second.title, second.start.iso(), second.end.iso()) == ("华东某某电器有限公司", "销售经理", "1998-01", "2008-01")
    # Each title is cut at its own boundary; the organisation goes with the post (issue 13).
    assert parsed.titles == ["总经理", "副会长", "销售经理", "销售总监"]
    assert {"title": "副会长", "organisation": "某某市企业家协会", "start": "2008-01", "end": None, "current": True} in parsed.positions
    assert parsed.professional_titles == ["高级经济师"]
    assert parsed.team_size_max == 120
    assert [(e.school, e.degree) for e in parsed.education] == [("复旦大学", "本科"), ("中欧国际工商学院", "硕士")]
    assert parsed.education[0].major == "经济学"
    assert parsed.highest_degree == "硕士"  # EMBA and 研究生学历 both count as 硕士
    assert {"渠道管理", "大客户销售", "商务谈判"} <= set(parsed.skills)


def test_full_width_resume(lexicon):
    parsed = _parse(_file("fullwidth.txt"), lexicon)
    assert (parsed.name, parsed.phone, parsed.email) == ("王芳", "13912345678", "wangfang@example.com")
    assert [(e.company, e.title, e.start.iso()) for e in parsed.experience] == [
        ("北京某某贸易有限公司", "销售经理", "2018-05"),
        ("某某商贸公司", "销售代表", "2015-03"),
    ]
    assert parsed.education[0].to_json() == {
        "degree": "大专", "school": "北京工商大学", "major": "市场营销", "start": "2011-09", "end": "2015-06",
    }
    assert parsed.team_size_max == 12
    assert {"客户关系管理", "Excel"} <= set(parsed.skills)


def test_english_prose_bio(lexicon):
    text = (
        "Maria Chen is a sales leader. Since 2016 she has been Sales Director at Globex Group, managing 45 people. "
        "Before that, 2010 - 2016, Regional Manager at Initech Ltd.\nShe holds an MBA from Boston College."
    )
    parsed = _parse(text, lexicon)
    assert parsed.team_size_max == 45
    assert parsed.highest_degree == "硕士"
    assert parsed.years_experience == pytest.approx(16.8)


# --- single fields ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "degree"),
    [
        ("2010.09-2014.06 北京大学 计算机 本科", "本科"),
        ("2010.09-2014.06 北京大学 计算机 学士", "本科"),
        ("2010.09-2014.06 北京大学 计算机 统招本科", "本科"),
        ("2014.09-2017.06 北京大学 计算机 硕士", "硕士"),
        ("2014.09-2017.06 北京大学 计算机 硕士研究生", "硕士"),
        ("2014.09-2017.06 北京大学 计算机 研究生", "硕士"),
        ("2014.09-2017.06 北京大学 工商管理 MBA", "硕士"),
        ("2014.09-2017.06 长江商学院 EMBA", "硕士"),
        ("2017.09-2021.06 北京大学 物理 博士研究生", "博士"),
        ("2017.09-2021.06 北京大学 物理 博士", "博士"),
        ("2008.09-2011.06 深圳职业技术学院 会计 大专", "大专"),
        ("2008.09-2011.06 深圳职业技术学院 会计 专科", "大专"),
        ("2005.09-2008.06 北京市第一中学 高中", "中专/高中"),
        ("2005.09-2008.06 北京市商业学校 中专", "中专/高中"),
        ("Sep 2010 - Jun 2014 Peking University, Bachelor of Science in Physics", "本科"),
        ("Sep 2010 - Jun 2014 Peking University, B.S. in Physics", "本科"),
        ("2014 - 2016 Fudan University, Master of Science in Statistics", "硕士"),
        ("2014 - 2016 Fudan University, M.S. in Statistics", "硕士"),
        ("2016 - 2020 Tsinghua University, Ph.D. in Economics", "博士"),
        ("2016 - 2020 Tsinghua University, PhD, Economics", "博士"),
    ],
)
def test_degree_spellings(lexicon, line, degree):
    parsed = _parse(f"教育背景\n{line}", lexicon)
    assert parsed.highest_degree == degree
    assert parsed.education[0].degree == degree


def test_highest_degree_from_a_label_without_entries(lexicon):
    assert _parse("张三\n学历：本科\n求职意向：会计", lexicon).highest_degree == "本科"
    assert _parse("张三，硕士学位，10年工作经验", lexicon).highest_degree == "硕士"


def test_no_degree_is_null(lexicon):
    parsed = _parse("张三\n电话 13812345678\n2019.03-至今 某某公司 销售", lexicon)
    assert parsed.highest_degree is None
    assert parsed.to_json()["highest_degree"] is None


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("手机：138 1234 5678", "13812345678"),
        ("Tel: +86-139-1234-5678", "13912345678"),
        ("电话：(021) 6888 8888 / 021-68888888", "021-68888888"),
        ("Phone: +1 415 555 0100", "+14155550100"),
    ],
)
def test_phone_formats(lexicon, text, phone):
    assert _parse("张三\n" + text, lexicon).phone == phone


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("张三\n电话 13812345678", "张三"),
        ("个人简历\n欧阳娜娜 | 13812345678", "欧阳娜娜"),
        ("姓名：李四\n性别：男", "李四"),
        ("王小明，男，1990年生，本科学历。", "王小明"),
        ("# Emily Zhang\nPhone: 13812345678", "Emily Zhang"),
        ("Name: Daniel Wu\n", "Daniel Wu"),
        ("工作经历\n2019.03-至今 某某公司 经理", None),
    ],
)
def test_names(lexicon, text, name):
    assert _parse(text, lexicon).name == name


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("管理50人的销售团队", 50),
        ("带领15人研发团队完成改造", 15),
        ("团队规模：30人", 30),
        ("下属 12 名", 12),
        ("管理五十人团队", 50),
        ("团队从5人扩展到120人", 120),
        ("Led a team of 8 analysts", 8),
        ("managed 25 engineers across two sites", 25),
        ("a 40-person team", 40),
        ("10年管理经验，曾负责2个项目", None),
    ],
)
def test_team_size(lexicon, text, size):
    assert _parse("张三\n" + text, lexicon).team_size_max == size


@pytest.mark.parametrize(
    ("text", "years", "source"),
    [
        ("10年以上销售管理经验", 10.0, "stated"),
        ("具备八年互联网产品经验", 8.0, "stated"),
        ("工作年限：6年", 6.0, "stated"),
        ("7+ years of experience in retail", 7.0, "stated"),
        ("2016.11-至今 某某有限公司 经理", 10.0, "dated"),
    ],
)
def test_years_stated_or_dated(lexicon, text, years, source):
    parsed = _parse("张三\n" + text, lexicon)
    assert (parsed.years_experience, parsed.years_source) == (years, source)


def test_overlapping_jobs_are_not_double_counted(lexicon):
    text = (
        "工作经历\n2015.01-2018.01 甲科技有限公司 工程师\n2017.01-2019.01 乙科技有限公司 顾问\n"
        "2018.06-2018.12 丙咨询有限公司 兼职顾问"
    )
    parsed = _parse(text, lexicon)
    assert len(parsed.experience) == 3
    assert parsed.years_experience == 4.1  # January 2015 to the end of January 2019: 49 months


def test_education_dates_do_not_count_as_work(lexicon):
    text = "教育背景\n2010.09-2014.06 浙江大学 计算机 本科\n工作经历\n2020.11-至今 某某科技有限公司 工程师"
    parsed = _parse(text, lexicon)
    assert parsed.years_experience == 6.0
    assert len(parsed.experience) == 1


def test_multi_line_entries_take_company_and_title_from_neighbour_lines(lexicon):
    text = (
        "Experience\nAcme Technology Co., Ltd.\nSenior Engineer\nMar 2019 – Present\n- Built the data platform\n"
        "上海某某科技有限公司                2016.07 - 2019.02\n高级产品经理\n- 负责需求分析"
    )
    parsed = _parse(text, lexicon)
    assert [(e.company, e.title) for e in parsed.experience] == [
        ("Acme Technology Co., Ltd.", "Senior Engineer"),
        ("上海某某科技有限公司", "高级产品经理"),
    ]


def test_skills_with_synonyms_and_word_boundaries(lexicon):
    text = "熟悉python3、ToB业务、B端、machine-learning；JavaScript；excellent communicator；go to market；PMP"
    parsed = _parse(text, lexicon)
    assert set(parsed.skills) == {"Python", "To B", "机器学习", "JavaScript", "项目管理"}
    assert "Java" not in parsed.skills and "Excel" not in parsed.skills and "Go" not in parsed.skills


def test_skill_inside_an_email_address_is_not_a_skill(lexicon):
    parsed = _parse("张三 python.dev@example.com", lexicon)
    assert parsed.email == "python.dev@example.com"
    assert parsed.skills == []


def test_every_field_has_evidence_pointing_at_its_text(lexicon):
    parsed = _parse(_file("zh_sectioned.txt"), lexicon)
    assert parsed.evidence_text("name") == ["张伟"]
    assert parsed.evidence_text("phone") == ["138-1234-5678"]
    assert parsed.evidence_text("email") == ["zhangwei.dev@example.com"]
    assert "硕士" in parsed.evidence_text("highest_degree")[0]
    assert parsed.evidence_text("team_size_max") == ["带领15人"]
    assert parsed.evidence_text("skills.Kubernetes") == ["K8s"]
    assert parsed.evidence_text("experience[0]")[0].startswith("2019.03-至今")
    assert parsed.evidence_text("education[1]")[0].startswith("2014年9月")


def test_json_contract(lexicon):
    data = _parse(_file("zh_sectioned.txt"), lexicon).to_json()
    assert {"name", "phone", "email", "highest_degree", "education", "experience", "titles", "years_experience",
            "skills", "team_size_max"} <= set(data)
    assert set(data["education"][0]) == {"degree", "school", "major", "start", "end"}
    assert {"company", "title", "start", "end"} <= set(data["experience"][0])
    assert data["experience"][0]["end"] is None and data["experience"][1]["end"] == "2019-02"
    assert isinstance(data["years_experience"], float) and isinstance(data["team_size_max"], int)


def test_normalisation_is_idempotent_and_keeps_spans_aligned():
    text = "ＰＹＴＨＯＮ　工程师\r\n\r\n\r\n\r\n２０１９年３月\u200b—至今  İstanbul"
    once = normalise(text)
    assert normalise(once.text) == once
    assert len(once.text) == len(once.lower)
    assert once.text.startswith("PYTHON 工程师\n\n2019年3月—至今 İstanbul")


def test_half_width_folding_is_the_translate_table_on_every_code_point():
    from recruiting.screening.normalise import _WIDTH_TABLE, to_half_width

    every = "".join(chr(code) for code in range(0x110000))
    assert to_half_width(every) == every.translate(_WIDTH_TABLE)
    assert to_half_width("ＡＢ，\u200b　ｚ￥") == "AB, z¥"


def test_same_text_same_result(lexicon):
    text = _file("zh_prose.txt")
    assert _parse(text, lexicon).to_json() == _parse(text, lexicon).to_json()
