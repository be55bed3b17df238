"""Benchmark of the resume screening engine (pure Python, no database): prints figures, asserts nothing.

    .venv/bin/python bench/screening.py [--texts 2000] [--files 120] [--batch 10000] [--workers 2]

Targets from issue 3:
- ≥ 300 resumes per second from text (zh/en mix, 2–4 KB each) through parse + score on the 2-core
  machine, jieba's dictionary loaded once per process; the ratio to jieba tokenisation alone on the same
  texts is reported (goal ≤ 2×);
- ≥ 20 files per second from PDF/DOCX to score;
- 10,000 resumes in one batch (a zip of text files through the same intake path) with peak memory under
  500 MB (measured in a fresh child process as its peak RSS).
Inputs are synthetic but shaped like the real thing (generator below, deterministic seed).
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import platform
import random
import resource
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recruiting.demo.skills import SKILLS  # noqa: E402
from recruiting.screening import (  # noqa: E402
    CompetencySpec,
    PositionModel,
    RequiredSkill,
    ScreeningEngine,
    SkillLexicon,
    extract_text,
    iter_batch,
    normalise,
)

AS_OF = date(2026, 11, 1)
SEED = 20261125

# --- a deterministic generator of zh/en resumes ---------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宇晨浩然子涵欣怡梓轩一鸣思远"
EN_FIRST = ["James", "Emily", "Michael", "Sophia", "Daniel", "Olivia", "David", "Grace", "Kevin", "Lucy"]
EN_LAST = ["Wang", "Li", "Zhang", "Chen", "Smith", "Johnson", "Liu", "Brown", "Zhao", "Taylor"]
CITIES = ["上海", "北京", "杭州", "深圳", "广州", "成都", "南京", "苏州", "武汉", "西安"]
INDUSTRY = ["科技", "网络技术", "信息技术", "商贸", "电子商务", "金融服务", "智能制造", "零售", "数据科技", "医药"]
SUFFIX = ["有限公司", "股份有限公司", "集团", "有限责任公司"]
EN_COMPANY = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent", "Cyberdyne"]
EN_SUFFIX = ["Ltd.", "Inc.", "Group", "Technology Co., Ltd.", "Consulting", "Corp."]
TITLES = ["高级工程师", "销售经理", "产品经理", "数据分析师", "技术总监", "运营主管", "门店经理", "风控专员", "生产主管", "研发工程师",
          "区域销售总监", "财务经理", "人力资源专员", "项目经理", "架构师"]
EN_TITLES = ["Senior Engineer", "Sales Manager", "Product Manager", "Data Analyst", "Engineering Director",
             "Operations Lead", "Store Manager", "Risk Analyst", "Production Supervisor", "Software Developer"]
SCHOOLS = ["北京大学", "清华大学", "浙江大学", "复旦大学", "上海交通大学", "南京大学", "武汉大学", "中山大学", "华中科技大学", "四川大学",
           "深圳职业技术学院", "上海财经大学", "西安电子科技大学"]
EN_SCHOOLS = ["Fudan University", "Tsinghua University", "University of Manchester", "Nanjing University",
              "Boston College", "Zhejiang University"]
MAJORS = ["计算机科学与技术", "软件工程", "市场营销", "统计学", "金融学", "工商管理", "电子信息工程", "会计学", "机械工程", "人力资源管理"]
EN_MAJORS = ["Computer Science", "Statistics", "Finance", "Marketing", "Economics", "Mechanical Engineering"]
DEGREES = ["本科", "学士", "硕士研究生", "硕士", "MBA", "博士", "大专", "统招本科"]
EN_DEGREES = ["Bachelor of Science in", "B.S. in", "Master of Science in", "M.S. in", "MBA,", "Ph.D. in", "Bachelor of Arts in"]
DUTIES = [
    "负责{skill}相关工作，带领{n}人团队完成季度目标，业绩同比增长{p}%。",
    "主导{skill}与{skill2}项目落地，跨部门沟通协调，推动流程优化，客户满意度提升{p}%。",
    "管理{n}人的销售团队，负责华东区大客户开发与渠道管理，年销售额{p}00万元。",
    "使用{skill}和{skill2}搭建数据平台，支持日均千万级请求，保障高并发场景下的系统稳定性。",
    "参与{skill}体系建设，制定绩效考核方案，培养骨干{n}名，团队规模扩展到{n2}人。",
    "Led a team of {n} engineers building {skill} and {skill2} pipelines; improved throughput by {p}%.",
    "Owned {skill} roadmap and stakeholder communication; delivered {p}% revenue growth year over year.",
    "熟练使用{skill}、{skill2}进行数据分析与可视化，输出经营分析报告，支持管理层决策。",
]
SUMMARY = [
    "具备{y}年以上{field}经验，沟通能力强，结果导向，善于团队协作与跨部门协调。",
    "{y}年{field}从业经验，熟悉{skill}，抗压能力强，学习能力强，有较强的责任心。",
    "Results-driven professional with {y}+ years of experience in {field_en}; strong communication and leadership.",
]
FIELDS = [("互联网产品", "internet products"), ("销售管理", "sales management"), ("数据分析", "data analytics"),
          ("软件开发", "software engineering"), ("生产管理", "manufacturing"), ("零售运营", "retail operations")]
FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x30, 0x3A)} | {".": "．", "-": "－"})
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _date_range(rng: random.Random, start: tuple[int, int], end: tuple[int, int] | None) -> str:
    style = rng.randrange(6)
    (y1, m1) = start
    if style == 0:
        return f"{y1}.{m1:02d}-" + (f"{end[0]}.{end[1]:02d}" if end else "至今")
    if style == 1:
        return f"{y1}年{m1}月—" + (f"{end[0]}年{end[1]}月" if end else "至今")
    if style == 2:
        return f"{MONTHS[m1 - 1]} {y1} – " + (f"{MONTHS[end[1] - 1]} {end[0]}" if end else "Present")
    if style == 3:
        return f"{m1:02d}/{y1}-" + (f"{end[1]:02d}/{end[0]}" if end else "present")
    if style == 4:
        return f"{y1}/{m1:02d} ~ " + (f"{end[0]}/{end[1]:02d}" if end else "至今")
    text = f"{y1}.{m1:02d}-" + (f"{end[0]}.{end[1]:02d}" if end else "至今")
    return text.translate(FULLWIDTH)


def generate_resume(rng: random.Random) -> str:
    english = rng.random() < 0.3
    skills = [s[0] if rng.random() < 0.5 or not s[2] else rng.choice(s[2]) for s in rng.sample(SKILLS, 9)]
    size = rng.randint(2100, 3900)
    field_zh, field_en = rng.choice(FIELDS)
    years = rng.randint(2, 18)
    if english:
        name = f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"
    else:
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2)))
    phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
    lines = [name, f"电话：{phone} | 邮箱：user{rng.randrange(10**6)}@example.com | 现居{rng.choice(CITIES)}"]
    if rng.random() < 0.15 and not english:
        start = 2026 - years
        company = rng.choice(CITIES) + "某" + rng.choice(INDUSTRY) + rng.choice(SUFFIX)
        lines.append(
            f"{name}，{rng.choice(['男', '女'])}，{rng.choice(DEGREES)}学历。{start}年起任{company}{rng.choice(TITLES)}，"
            f"兼任{rng.choice(CITIES)}行业协会理事。{start - 5}年至{start}年在{rng.choice(CITIES)}某某集团担任"
            f"{rng.choice(TITLES)}，管理{rng.randint(5, 80)}人团队。擅长{'、'.join(skills[:4])}。"
        )
    lines.append("Summary" if english else rng.choice(["自我评价", "个人优势"]))
    lines.append(rng.choice(SUMMARY).format(y=years, field=field_zh, field_en=field_en, skill=skills[0]))
    lines.append("Experience" if english else rng.choice(["工作经历", "工作经验"]))
    end: tuple[int, int] | None = None
    year, month = 2026, 10
    for index in range(rng.randint(2, 4)):
        length = rng.randint(14, 60)
        start_index = year * 12 + month - 1 - length
        start = (start_index // 12, start_index % 12 + 1)
        if english:
            company = f"{rng.choice(EN_COMPANY)} {rng.choice(EN_SUFFIX)}"
            lines.append(f"{rng.choice(EN_TITLES)}, {company}, {_date_range(rng, start, end)}")
        else:
            company = rng.choice(CITIES) + rng.choice(["某某", "华信", "博远", "恒通", "星辰"]) + rng.choice(INDUSTRY) + rng.choice(SUFFIX)
            lines.append(f"{_date_range(rng, start, end)}  {company}  {rng.choice(TITLES)}")
        for _ in range(rng.randint(1, 3)):
            duty = rng.choice(DUTIES).format(
                skill=rng.choice(skills), skill2=rng.choice(skills), n=rng.randint(3, 40), n2=rng.randint(20, 90),
                p=rng.randint(5, 60),
            )
            lines.append(f"- {duty}")
        end = (start[0], start[1]) if index == 0 or rng.random() < 0.8 else None
        year, month = start[0], max(1, start[1] - rng.randint(0, 3))
        if end is None:
            end = start
    lines.append("Education" if english else rng.choice(["教育背景", "教育经历"]))
    grad = year - rng.randint(0, 2)
    if english:
        lines.append(f"{rng.choice(EN_SCHOOLS)} — {rng.choice(EN_DEGREES)} {rng.choice(EN_MAJORS)}, {_date_range(rng, (grad - 4, 9), (grad, 6))}")
    else:
        lines.append(f"{_date_range(rng, (grad - 4, 9), (grad, 6))}  {rng.choice(SCHOOLS)}  {rng.choice(MAJORS)}  {rng.choice(DEGREES)}")
    lines.append("Skills" if english else "专业技能")
    lines.append(("Proficient in " if english else "熟悉") + "、".join(skills))
    lines.append("Projects" if english else "项目经历")
    text = "\n".join(lines)
    while len(text.encode("utf-8")) < size:
        duty = rng.choice(DUTIES).format(
            skill=rng.choice(skills), skill2=rng.choice(skills), n=rng.randint(3, 40), n2=rng.randint(20, 90),
            p=rng.randint(5, 60),
        )
        text += "\n- " + duty
    encoded = text.encode("utf-8")[:4000]
    return encoded.decode("utf-8", errors="ignore")


def generate_resumes(count: int, seed: int = SEED) -> list[str]:
    rng = random.Random(seed)
    return [generate_resume(rng) for _ in range(count)]


# --- the position models ---------------------------------------------------------------------------


def lexicon() -> SkillLexicon:
    return SkillLexicon.from_entries((name, aliases) for name, _, aliases in SKILLS)


COMPETENCIES = (
    CompetencySpec("COMM", "沟通能力", "Communication", 25, ("沟通", "协调", "说服", "communication")),
    CompetencySpec("DRIVE", "结果导向", "Drive for results", 25, ("业绩", "目标", "增长", "results")),
    CompetencySpec("TEAM", "团队管理", "Team leadership", 30, ("带领", "团队", "培养", "led a team")),
    CompetencySpec("ANALYTIC", "分析能力", "Analytical thinking", 20, ("数据分析", "决策", "优化", "analysis")),
)
POSITIONS = (
    PositionModel(
        code="SM-01", title_zh="销售经理", title_en="Sales Manager",
        required_skills=(RequiredSkill("客户关系管理", must_have=True), RequiredSkill("大客户销售", must_have=True),
                         RequiredSkill("商务谈判"), RequiredSkill("渠道管理"), RequiredSkill("Excel")),
        min_years=5, min_education="本科", competencies=COMPETENCIES,
        text="销售经理。岗位职责：负责华东区大客户开发与维护，制定销售策略并完成业绩目标，管理销售团队，推动渠道管理与商务谈判。"
             "任职要求：本科及以上学历，5年以上销售经验，3年以上团队管理经验，熟悉CRM与Excel，沟通协调能力强。",
    ),
    PositionModel(
        code="RD-01", title_zh="研发工程师", title_en="R&D Engineer",
        required_skills=(RequiredSkill("Python", must_have=True), RequiredSkill("MySQL", must_have=True),
                         RequiredSkill("Docker"), RequiredSkill("Kubernetes"), RequiredSkill("微服务"), RequiredSkill("Redis")),
        min_years=3, min_education="本科", competencies=COMPETENCIES,
        text="研发工程师。负责交易系统后端开发与架构设计，推动微服务改造，保障高并发场景下的系统稳定性。"
             "要求：熟悉Python、MySQL、Redis、Docker、Kubernetes，有分布式系统经验者优先。",
    ),
)


def user_words() -> list[str]:
    words = []
    for position in POSITIONS:
        words += position.user_words()
    return words


# --- file generation ---------------------------------------------------------------------------------


def make_docx(text: str) -> bytes:
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in text.split("\n")
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{paragraphs}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def make_pdfs(texts: list[str]) -> list[bytes]:
    from weasyprint import HTML

    pdfs = []
    for text in texts:
        body = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
        html = (
            "<html><head><meta charset='utf-8'><style>body{font-family:'Noto Sans CJK SC';font-size:10pt}"
            f"p{{margin:2pt 0}}</style></head><body>{body}</body></html>"
        )
        pdfs.append(HTML(string=html).write_pdf())
    return pdfs


# --- measurements ------------------------------------------------------------------------------------

_engine: ScreeningEngine | None = None
_mode = "match"


def _worker_init(mode: str = "match") -> None:
    global _engine, _mode
    _mode = mode
    _engine = ScreeningEngine(lexicon(), user_words=user_words(), similarity_mode=mode)
    _engine.segmenter  # noqa: B018 — load jieba's dictionary once in this process
    for position in POSITIONS:
        _engine.prepare(position)


def _score_text(text: str) -> float:
    assert _engine is not None
    parsed = _engine.parse(normalise(text), as_of=AS_OF)
    return float(_engine.score(parsed, POSITIONS[len(text) % 2]).score)


def _score_file(item: tuple[str, bytes]) -> float:
    name, data = item
    return _score_text(extract_text(data, name).text)


def _rate(func, items, repeat_until: float = 3.0) -> tuple[float, int]:
    done, start = 0, time.perf_counter()
    while True:
        for item in items:
            func(item)
        done += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= repeat_until:
            return done / elapsed, done


def _pool_rate(func, items, workers: int, mode: str = "match") -> float:
    with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init, initargs=(mode,)) as pool:
        pool.map(_warm, range(workers * 4))
        start = time.perf_counter()
        pool.map(func, items, chunksize=max(1, len(items) // (workers * 8)))
        return len(items) / (time.perf_counter() - start)


def _warm(_: int) -> int:
    time.sleep(0.05)
    return 0


def machine() -> str:
    model = ""
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines():
            if line.startswith("Model name"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return f"{os.cpu_count()} cores, {model or platform.processor()}, {memory:.0f} GiB RAM, Python {platform.python_version()}, {date.today()}"


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM). getrusage's ru_maxrss is not used: on Linux it survives exec
    and would report the forking parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batch_child(count: int) -> None:
    """Run in a fresh process: a zip of ``count`` text resumes through iter_batch → parse → score."""
    texts = generate_resumes(min(count, 500), seed=SEED + 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(count):
            archive.writestr(f"resumes/{index:05d}.txt", texts[index % len(texts)] + f"\n编号 {index}")
    data = buffer.getvalue()
    del texts, buffer
    _worker_init()
    start = time.perf_counter()
    scored = failed = 0
    total = 0.0
    for item in iter_batch(data, "batch.zip"):
        if item.result is None:
            failed += 1
            continue
        total += _score_text(item.result.text)
        scored += 1
    elapsed = time.perf_counter() - start
    peak = _peak_rss_mb()
    print(f"  zip of {count} text resumes ({len(data) / 1024 / 1024:.1f} MB): scored {scored}, failed {failed}, "
          f"{elapsed:.1f} s ({scored / elapsed:.0f}/s, 1 process), peak RSS {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--files", type=int, default=120)
    parser.add_argument("--batch", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.batch_child:
        batch_child(args.batch_child)
        return

    print("Machine:", machine())
    texts = generate_resumes(args.texts)
    sizes = sorted(len(t.encode("utf-8")) for t in texts)
    english = sum(1 for t in texts if "Experience" in t)
    print(f"Texts: {len(texts)} synthetic resumes, {sizes[0]}–{sizes[-1]} bytes (median {sizes[len(sizes) // 2]}), "
          f"{english} English")

    start = time.perf_counter()
    _worker_init()
    assert _engine is not None
    print(f"Engine start (jieba dictionary + user words, once per process): {time.perf_counter() - start:.2f} s")

    segmenter = _engine.segmenter
    sample = texts[:500]
    jieba_rate, _ = _rate(segmenter.cut, sample)
    import jieba

    default_rate, _ = _rate(jieba.lcut, sample)
    parse_rate, _ = _rate(lambda t: _engine.parse(normalise(t), as_of=AS_OF), sample)
    engine_rate, _ = _rate(_score_text, sample)
    _worker_init("segment")
    segment_rate, _ = _rate(_score_text, sample)
    _worker_init("match")
    print("From text, 1 process:")
    print(f"  jieba alone (engine tokenizer, HMM off):      {jieba_rate:7.0f} resumes/s")
    print(f"  jieba alone (jieba.lcut defaults, HMM on):    {default_rate:7.0f} resumes/s")
    print(f"  parse only:                                   {parse_rate:7.0f} resumes/s")
    print(f"  parse + score, similarity 'match' (default):  {engine_rate:7.0f} resumes/s "
          f"= {jieba_rate / engine_rate:.2f}× the time of jieba alone (goal ≤ 2×)")
    print(f"  parse + score, similarity 'segment':          {segment_rate:7.0f} resumes/s "
          f"= {jieba_rate / segment_rate:.2f}× the time of jieba alone")
    pool_rate = _pool_rate(_score_text, texts, args.workers)
    pool_segment = _pool_rate(_score_text, texts, args.workers, "segment")
    print(f"From text, {args.workers} processes over {len(texts)} resumes (target ≥ 300/s): "
          f"'match' {pool_rate:.0f} resumes/s, 'segment' {pool_segment:.0f} resumes/s")

    if args.files:
        half = args.files // 2
        build = time.perf_counter()
        pdfs = make_pdfs(texts[:half])
        docxs = [make_docx(t) for t in texts[half : 2 * half]]
        print(f"Files: {len(pdfs)} PDF (weasyprint, Noto CJK, avg {sum(map(len, pdfs)) / len(pdfs) / 1024:.0f} KB) + "
              f"{len(docxs)} DOCX generated in {time.perf_counter() - build:.1f} s")
        pdf_items = [(f"r{i}.pdf", d) for i, d in enumerate(pdfs)]
        docx_items = [(f"r{i}.docx", d) for i, d in enumerate(docxs)]
        pdf_rate, _ = _rate(_score_file, pdf_items)
        docx_rate, _ = _rate(_score_file, docx_items)
        mixed = pdf_items + docx_items
        mixed_rate, _ = _rate(_score_file, mixed)
        print(f"  1 process: PDF→score {pdf_rate:.0f} files/s, DOCX→score {docx_rate:.0f} files/s, "
              f"mixed {mixed_rate:.0f} files/s (target ≥ 20/s)")
        pool_files = _pool_rate(_score_file, mixed * 4, args.workers)
        print(f"  {args.workers} processes: mixed PDF/DOCX→score {pool_files:.0f} files/s")

    if args.batch:
        print(f"Batch of {args.batch} (fresh process):")
        subprocess.run(
            [sys.executable, __file__, "--batch-child", str(args.batch)], check=False, cwd=str(ROOT)
        )


if __name__ == "__main__":
    main()
