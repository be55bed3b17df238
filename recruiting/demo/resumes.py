"""Resume texts of demo candidates, in Chinese (most) and English, 2–4 KB of UTF-8 each.

Every resume states, in words a parser can find, the years of experience, the largest team managed
and for how long, education with degree/school/major/dates, a work history and skills from the
lexicon. Date ranges are written in the styles real resumes use (2019.03-至今, 2019年3月—2021年5月,
Mar 2019 – Present, ...), one style per resume. Content is added unit by unit (bullets, projects,
self-assessment) until the text reaches the size band, and never repeats a line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from recruiting.demo.company import PositionSpec
from recruiting.demo.people import COLLEGES, SCHOOLS, Person
from recruiting.demo.skills import SKILLS

MIN_BYTES = 2200
MAX_BYTES = 3950
MIN_JOB_MONTHS = 12

MAJOR_EN = {
    "市场营销": "Marketing", "工商管理": "Business Administration", "国际贸易": "International Trade",
    "机械工程": "Mechanical Engineering", "经济学": "Economics", "统计学": "Statistics",
    "数学与应用数学": "Mathematics", "计算机科学与技术": "Computer Science",
    "机械设计制造及其自动化": "Mechanical Design and Automation", "自动化": "Automation",
    "工业工程": "Industrial Engineering", "材料成型及控制工程": "Materials Processing Engineering",
    "物流管理": "Logistics Management", "电子商务": "E-commerce", "工业设计": "Industrial Design",
    "信息管理与信息系统": "Information Systems", "金融学": "Finance", "金融工程": "Financial Engineering",
    "软件工程": "Software Engineering", "电子信息工程": "Electronic Information Engineering",
    "通信工程": "Communication Engineering", "人力资源管理": "Human Resource Management",
    "心理学": "Psychology", "法学": "Law", "会计学": "Accounting", "财务管理": "Financial Management",
    "审计学": "Auditing",
}
DEGREE_EN = {"大专": "Associate Degree", "本科": "Bachelor's Degree", "硕士": "Master's Degree", "博士": "PhD"}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_EN_FULL = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")

FIELD_ZH = {"SALES": "销售", "DATA": "数据分析", "PROD": "生产管理", "RETAIL": "零售运营", "PRODUCT": "产品",
            "RISK": "风险管理", "RD": "软件研发", "HR": "人力资源", "FIN": "财务"}
FIELD_EN = {"SALES": "Sales", "DATA": "Data analytics", "PROD": "Production management", "RETAIL": "Retail operations",
            "PRODUCT": "Product management", "RISK": "Risk management", "RD": "Software engineering",
            "HR": "Human resources", "FIN": "Finance"}

BIOS_ZH = (
    "{years}年{field}从业经验，长期服务制造业与零售行业客户，习惯用数据复盘工作，能在快节奏环境中保持稳定输出。"
    "希望加入一家重视长期价值的公司，把过去积累的方法用在更大的业务场景里。",
    "我是一名注重结果的{field}从业者，过去{years}年里经历过从业务起步到规模化的完整过程，擅长把模糊的目标拆成"
    "可执行的计划，并和团队一起把计划落地。",
    "性格开朗，沟通主动，喜欢和不同背景的同事一起解决问题。从事{field}工作{years}年，一直保持每年系统学习一门新技能"
    "的习惯，并把学到的东西整理成团队内部的分享材料。",
)
BIOS_EN = (
    "{field} professional with {years} years of experience serving manufacturing and retail clients. Comfortable with "
    "fast-paced environments, I review my work with data and keep delivery steady when priorities shift.",
    "Results-oriented {field} practitioner who has seen a business grow from start-up to scale over the past {years} "
    "years. Good at turning vague goals into executable plans and getting a team behind them.",
    "Open, proactive communicator with {years} years in {field}. I enjoy solving problems with colleagues from "
    "different backgrounds and pick up at least one new skill every year, which I then share with my team.",
)
SELF_ZH = (
    "责任心强，做事有始有终，对交付质量有较高要求，习惯在截止日期前预留检查时间。",
    "善于倾听，能站在对方角度思考问题，在跨部门合作中经常担任协调人的角色。",
    "抗压能力较好，经历过多次业务高峰与组织调整，能够快速适应新的环境和要求。",
    "重视复盘，每个项目结束后都会整理经验教训并在团队内部分享，形成可复用的方法。",
    "乐于学习新知识，近两年自学了数据分析与项目管理相关课程，并在实际工作中应用。",
    "认同长期主义，希望与公司共同成长，在专业方向上持续深耕。",
)
SELF_EN = (
    "Reliable and detail-oriented; I care about the quality of what I deliver and leave time for checks before deadlines.",
    "A good listener who often acts as the coordinator in cross-functional work.",
    "Calm under pressure; I have been through several peak seasons and reorganisations without losing momentum.",
    "I run a retrospective after every project and turn the lessons into checklists the whole team can reuse.",
    "Curious learner: in the last two years I completed courses in data analysis and project management.",
    "Looking for a long-term home where I can keep growing in my field.",
)
GENERIC_ZH = {
    "SALES": ("每周拜访客户不少于8家，建立客户分级与跟进节奏", "参与制定区域年度销售策略与价格政策",
              "整理行业客户案例库，供新人学习使用", "配合市场部组织行业展会与客户沙龙，收集有效线索200余条"),
    "DATA": ("编写自动化数据质量校验脚本，异常数据当天发现当天处理", "为业务部门开展SQL与数据看板培训8场",
             "参与数据仓库分层设计，梳理核心指标口径", "建立周报自动生成流程，每周节省人工约6小时"),
    "PROD": ("组织班前会与安全培训，员工安全考核通过率100%", "推动换型时间缩短30%，提升小批量订单交付能力",
             "建立异常问题升级机制，重大质量问题24小时内完成初步分析", "参与新产线导入与工艺验证"),
    "RETAIL": ("制定门店员工培训与考核方案，新员工上岗周期缩短一周", "配合区域开展新店筹备与开业活动",
               "每日分析门店销售与客流数据，及时调整排班与促销", "组织节日主题陈列与社群活动，活动期间业绩翻倍"),
    "PRODUCT": ("建立需求池与优先级评估机制，按季度与业务方对齐路线图", "撰写产品说明与培训材料，支持销售与实施团队",
                "跟踪上线数据，推动功能迭代与体验优化", "参与客户现场调研，沉淀行业解决方案模板"),
    "RISK": ("参与风险政策评审与授信审批委员会", "编写风险监测日报，对异常客户及时预警",
             "配合内外部审计与监管检查，整改事项按期完成", "参与贷后管理与催收策略优化"),
    "RD": ("参与技术方案评审与代码评审，推动编码规范落地", "编写接口文档与运维手册，降低交接成本",
           "排查线上故障并输出复盘报告，推动监控告警完善", "参与CI/CD流水线建设，提升发布效率"),
    "HR": ("梳理招聘流程与面试评价表，提高面试评估的一致性", "组织新员工入职培训与导师制度",
           "配合薪酬调研与年度调薪方案制定", "建立员工沟通机制，按季度开展敬业度调研"),
    "FIN": ("完成月度结账与管理报表，按时提交经营分析报告", "优化费用报销流程，平均审核时长缩短40%",
            "配合税务申报与发票管理", "参与ERP财务模块上线与数据迁移"),
}
GENERIC_EN = {
    "SALES": ("Visited at least eight customers a week with a tiered follow-up cadence",
              "Helped set the regional annual sales strategy and pricing policy",
              "Built a library of industry customer cases for onboarding new reps",
              "Co-ran trade shows and customer salons that produced 200+ qualified leads"),
    "DATA": ("Wrote automated data-quality checks so anomalies were fixed the same day",
             "Ran eight SQL and dashboard trainings for business teams",
             "Helped design warehouse layers and defined the core metric dictionary",
             "Automated the weekly report, saving about six hours of manual work per week"),
    "PROD": ("Ran daily shift briefings and safety training with a 100% pass rate",
             "Cut changeover time by 30% for small-batch orders",
             "Set up an escalation path so major quality issues got a first analysis within 24 hours",
             "Took part in new line introduction and process validation"),
    "RETAIL": ("Designed onboarding and assessment for store staff, shortening ramp-up by a week",
               "Supported new store openings and launch events in the region",
               "Analysed daily sales and footfall to adjust rosters and promotions",
               "Ran seasonal displays and community events that doubled sales during campaigns"),
    "PRODUCT": ("Set up a backlog with quarterly prioritisation aligned with business owners",
                "Wrote product guides and training material for sales and implementation teams",
                "Tracked adoption data after releases and drove follow-up iterations",
                "Joined on-site customer research and turned it into solution templates"),
    "RISK": ("Sat on the credit policy review and approval committee",
             "Wrote the daily risk monitoring report with early warnings on outliers",
             "Supported internal and regulatory audits; all findings closed on time",
             "Helped optimise post-loan management and collection strategy"),
    "RD": ("Took part in design and code reviews and enforced coding standards",
           "Wrote API documentation and runbooks that made hand-overs easier",
           "Investigated production incidents and wrote post-mortems that improved monitoring",
           "Helped build the CI/CD pipeline, shortening release cycles"),
    "HR": ("Redesigned the hiring process and interview scorecards for consistent evaluation",
           "Ran onboarding training and a mentoring programme",
           "Supported salary benchmarking and the annual pay review",
           "Ran quarterly engagement surveys and follow-up actions"),
    "FIN": ("Closed the books monthly and delivered management reports on time",
            "Streamlined expense approval, cutting review time by 40%",
            "Supported tax filing and invoice management",
            "Helped roll out the ERP finance module and migrate data"),
}
PROJECTS_ZH = {
    "SALES": ("华东区汽车零部件行业大客户拓展项目：梳理目标客户名单60家，组织技术交流与样机试用，"
              "一年内签约9家，新增合同额1200万元。",
              "销售漏斗数字化项目：推动全员使用CRM录入商机，统一阶段定义与赢单率口径，预测偏差从30%降到12%。"),
    "DATA": ("门店选址评估模型：整合人口、客流与竞品数据，建立评分模型，新店首年达标率从55%提升到78%。",
             "经营分析看板项目：梳理120个指标口径，用Tableau搭建从集团到门店的三级看板，周会准备时间减少一半。"),
    "PROD": ("装配线精益改善项目：通过价值流分析识别7类浪费，调整工位布局与物料配送，人均产出提升18%。",
             "质量追溯项目：配合IT上线MES扫码追溯，客户投诉处理时间从3天缩短到半天。"),
    "RETAIL": ("旗舰店会员体系升级：设计积分与等级权益，配合社群运营，会员销售占比从40%提升到62%。",
               "门店库存优化项目：建立畅滞销商品周清单与调拨机制，缺货率下降35%，季末库存减少20%。"),
    "PRODUCT": ("设备点检小程序：从用户访谈到上线用时10周，覆盖200家工厂，点检漏检率下降60%。",
                "SaaS计费体系改版：梳理套餐与权限模型，推动续费率提升9个百分点。"),
    "RISK": ("小微企业授信模型升级：引入税务与开票数据，模型KS提升0.09，审批通过率提升6%且坏账率持平。",
             "反欺诈规则引擎项目：梳理40条规则并上线实时拦截，欺诈损失下降45%。"),
    "RD": ("设备接入平台重构：将单体应用拆分为微服务，引入Kafka削峰，支撑设备数从2万增长到10万。",
           "可观测性建设：统一日志、指标与链路追踪，平均故障定位时间从45分钟缩短到10分钟。"),
    "HR": ("校园招聘项目：覆盖15所高校，组织宣讲与集中面试，录用120人，到岗率92%。",
           "绩效体系优化：引入OKR与季度校准会，评价结果分布更合理，员工满意度提升。"),
    "FIN": ("全面预算管理项目：搭建预算模板与审批流程，实现按月滚动预测，预算执行偏差控制在5%以内。",
            "成本分析项目：按产品线拆分制造费用，识别低毛利订单，推动价格调整，毛利率提升2个百分点。"),
}
PROJECTS_EN = {
    "SALES": ("Automotive parts key-account expansion in East China: qualified 60 target accounts, ran technical "
              "workshops and trials, and signed nine new customers worth RMB 12M within a year.",
              "Sales funnel digitisation: got the whole team logging opportunities in CRM with shared stage "
              "definitions; forecast error dropped from 30% to 12%."),
    "DATA": ("Store location scoring model combining demographics, footfall and competitor data; first-year "
             "success rate of new stores rose from 55% to 78%.",
             "Operations dashboard programme: defined 120 metrics and built three levels of Tableau dashboards, "
             "halving the time spent preparing weekly reviews."),
    "PROD": ("Lean improvement on the assembly line: value-stream mapping found seven kinds of waste; new "
             "station layout and material flow raised output per person by 18%.",
             "Quality traceability: rolled out MES barcode tracking with IT; customer complaint handling time fell "
             "from three days to half a day."),
    "RETAIL": ("Flagship store membership upgrade: points and tier benefits plus community operations raised the "
               "member share of sales from 40% to 62%.",
               "Store inventory optimisation: weekly fast/slow mover lists and transfers cut stock-outs by 35% and "
               "end-of-season stock by 20%."),
    "PRODUCT": ("Equipment inspection mini-program: from user interviews to launch in ten weeks, used by 200 "
                "factories, missed inspections down 60%.",
                "SaaS pricing redesign: reworked plans and permission model, lifting renewal rate by nine points."),
    "RISK": ("SME credit model upgrade: added tax and invoice data, KS up 0.09, approval rate up 6% with flat "
             "losses.",
             "Anti-fraud rules engine: curated 40 rules with real-time blocking; fraud losses down 45%."),
    "RD": ("Device platform rebuild: split the monolith into microservices with Kafka buffering, scaling from 20k "
           "to 100k connected devices.",
           "Observability: unified logs, metrics and tracing; mean time to locate incidents fell from 45 to 10 "
           "minutes."),
    "HR": ("Campus hiring across 15 universities: 120 offers accepted with a 92% show-up rate.",
           "Performance system refresh: introduced OKRs and quarterly calibration sessions."),
    "FIN": ("Budgeting programme: templates, approval flow and a monthly rolling forecast kept variance within 5%.",
            "Cost analysis by product line: found low-margin orders and drove price changes worth two points of "
            "gross margin."),
}

TRAINING_ZH = {
    "SALES": ("参加“顾问式销售”与“大客户战略规划”系列培训并通过考核", "获得公司年度“销售之星”称号"),
    "DATA": ("完成统计学与机器学习在线课程（含结业项目）", "在公司数据月会上做过三次专题分享"),
    "PROD": ("取得六西格玛绿带证书", "参加安全生产管理人员培训并考核合格"),
    "RETAIL": ("参加连锁门店店长训练营并以优秀成绩结业", "获得区域“服务标杆门店”称号"),
    "PRODUCT": ("完成产品经理进阶训练营，结业项目获评优秀", "在行业产品沙龙分享过B端产品设计经验"),
    "RISK": ("通过FRM一级考试", "参加反洗钱与合规管理专题培训"),
    "RD": ("在内部技术大会分享过两次微服务治理经验", "参与开源项目并提交过性能优化补丁"),
    "HR": ("取得人力资源管理师二级证书", "参加劳动法实务与员工关系处理培训"),
    "FIN": ("通过注册会计师（CPA）专业阶段四门考试", "参加管理会计与全面预算管理培训"),
}
TRAINING_EN = {
    "SALES": ("Completed consultative selling and strategic account planning programmes",
              "Named the company's Sales Star of the year"),
    "DATA": ("Completed online courses in statistics and machine learning, including a capstone project",
             "Gave three talks at the company's monthly data forum"),
    "PROD": ("Six Sigma Green Belt certified", "Completed the certified production safety manager training"),
    "RETAIL": ("Graduated with distinction from the chain-store manager bootcamp",
               "Store named the region's service benchmark"),
    "PRODUCT": ("Completed an advanced product management programme; capstone rated excellent",
                "Spoke at an industry product meetup about B2B product design"),
    "RISK": ("Passed FRM Part I", "Completed anti-money-laundering and compliance training"),
    "RD": ("Gave two internal tech talks on microservice governance",
           "Contributed performance patches to an open-source project"),
    "HR": ("Certified HR Manager (level 2)", "Completed training on labour law practice and employee relations"),
    "FIN": ("Passed four papers of the CPA professional stage",
            "Completed management accounting and budgeting training"),
}

_SKILL_EN = {name: next((a for a in aliases if a.isascii()), name) if not name.isascii() else name
             for name, _, aliases in SKILLS}


def skill_display(name: str, lang: str) -> str:
    """The canonical (usually Chinese) name, or an English spelling from the lexicon for English resumes."""
    return name if lang == "zh" else _SKILL_EN.get(name, name)


@dataclass(frozen=True)
class ResumeFacts:
    """What the resume says, in structured form (the seed stores some of it on Candidate)."""

    years_experience: int
    team_lead_years: int  # years spent managing a team (0 = never)
    team_size: int  # largest team managed (0 = none)
    education: str  # Education value: 大专 / 本科 / 硕士 / 博士
    skills: tuple[str, ...]
    current_title_zh: str
    current_title_en: str
    current_company_zh: str
    current_company_en: str


@dataclass(frozen=True)
class _Job:
    start: tuple[int, int]
    end: tuple[int, int] | None  # None = present
    company_zh: str
    company_en: str
    title_zh: str
    title_en: str


def _fmt_zh(style: int, ym: tuple[int, int] | None) -> str:
    if ym is None:
        return ("至今", "至今", "至今", "今")[style]
    y, m = ym
    return (f"{y}.{m:02d}", f"{y}年{m}月", f"{y}/{m:02d}", f"{y}-{m:02d}")[style]


def _range_zh(style: int, start, end) -> str:
    sep = ("-", "—", " – ", " ~ ")[style]
    return f"{_fmt_zh(style, start)}{sep}{_fmt_zh(style, end)}"


def _fmt_en(style: int, ym: tuple[int, int] | None) -> str:
    if ym is None:
        return ("Present", "Present", "present", "Present")[style]
    y, m = ym
    return (f"{MONTHS_EN[m - 1]} {y}", f"{m:02d}/{y}", f"{y}.{m:02d}", f"{MONTHS_EN_FULL[m - 1]} {y}")[style]


def _range_en(style: int, start, end) -> str:
    sep = (" – ", " - ", " - ", " to ")[style]
    return f"{_fmt_en(style, start)}{sep}{_fmt_en(style, end)}"


def _months_before(ym: tuple[int, int], months: int) -> tuple[int, int]:
    index = ym[0] * 12 + (ym[1] - 1) - months
    return index // 12, index % 12 + 1


def current_title_for(spec: PositionSpec, years: int) -> tuple[str, str]:
    seniority = min(len(spec.titles_zh) - 1, max(0, (years * 12 - 6) // 30))
    return spec.titles_zh[seniority], spec.titles_en[seniority]


def _jobs(rng: random.Random, company_factory, spec: PositionSpec, years: int, as_of: date,
          current_company: tuple[str, str]) -> list[_Job]:
    """Work history newest first, covering ``years`` years up to ``as_of``; every job lasts ≥ 12 months."""
    total = max(MIN_JOB_MONTHS, years * 12)
    count = max(1, min(4, total // 30, 1 + years // 3))
    cuts: list[int] = []
    for _ in range(count - 1):
        low = (cuts[-1] if cuts else 0) + MIN_JOB_MONTHS
        high = total - MIN_JOB_MONTHS * (count - 1 - len(cuts))
        if low > high:
            break
        cuts.append(rng.randint(low, min(high, low + 36)))
    bounds = [0, *cuts, total]
    now = (as_of.year, as_of.month)
    jobs = []
    title_zh, title_en = current_title_for(spec, years)
    for i in range(len(bounds) - 1):
        end = None if i == 0 else _months_before(now, bounds[i] + 1)
        start = _months_before(now, bounds[i + 1])
        if i == 0:
            company, titles = current_company, (title_zh, title_en)
        else:
            seniority = min(len(spec.titles_zh) - 1, max(0, (total - bounds[i + 1] - 6) // 30))
            company, titles = company_factory(), (spec.titles_zh[seniority], spec.titles_en[seniority])
        jobs.append(_Job(start, end, company[0], company[1], titles[0], titles[1]))
    return jobs


def postgraduate_years(education: str) -> int:
    return {"硕士": 3, "博士": 5}.get(education, 0)


def _education_entries(rng: random.Random, spec: PositionSpec, education: str, first_job: tuple[int, int]):
    """(start, end, school_zh, school_en, major_zh, degree) newest first."""
    grad_year = first_job[0] if first_job[1] >= 7 else first_job[0] - 1
    entries = []
    if postgraduate_years(education):
        years = postgraduate_years(education)
        school = rng.choice(SCHOOLS)
        entries.append(((grad_year - years, 9), (grad_year, 6), school[0], school[1], rng.choice(spec.majors),
                        education))
        grad_year -= years
    if education == "大专":
        school = rng.choice(COLLEGES)
        entries.append(((grad_year - 3, 9), (grad_year, 6), school[0], school[1], rng.choice(spec.majors), "大专"))
    else:
        school = rng.choice(SCHOOLS)
        entries.append(((grad_year - 4, 9), (grad_year, 6), school[0], school[1], rng.choice(spec.majors), "本科"))
    return entries


def _team_line_zh(variant: int, facts: ResumeFacts) -> str:
    if facts.team_size <= 0:
        return "团队管理：无，独立贡献者（无直接下属）"
    return (
        "团队管理：累计带团队{lead}年，最多管理{size}人团队",
        "管理经验：{lead}年团队管理经验，带领{size}人团队",
        "团队管理：带领{size}人团队，团队管理经验{lead}年",
    )[variant % 3].format(lead=facts.team_lead_years, size=facts.team_size)


def _team_line_en(variant: int, facts: ResumeFacts) -> str:
    if facts.team_size <= 0:
        return "Management: individual contributor, no direct reports"
    return (
        "Management: led a team of {size} people for {lead} {years}",
        "Management: {lead} {years} of people management, team of up to {size}",
    )[variant % 2].format(lead=facts.team_lead_years, size=facts.team_size,
                          years="year" if facts.team_lead_years == 1 else "years")


@dataclass
class _Budget:
    """How much optional content is switched on (grown until the text reaches MIN_BYTES)."""

    bullets: list[int]
    projects: int = 0
    selfs: int = 0
    trainings: int = 0
    bio: bool = False


def resume_text(
    rng: random.Random,
    *,
    person: Person,
    phone: str,
    email: str,
    spec: PositionSpec,
    facts: ResumeFacts,
    lang: str,
    as_of: date,
    expected_salary,
    company_factory,
) -> str:
    """A complete resume (2–4 KB of UTF-8) saying what ``facts`` say."""
    style = rng.randrange(4)
    variant = rng.randrange(6)
    jobs = _jobs(rng, company_factory, spec, facts.years_experience, as_of,
                 (facts.current_company_zh, facts.current_company_en))
    edu = _education_entries(rng, spec, facts.education, jobs[-1].start)
    zh = lang == "zh"
    pool = list(spec.bullets_zh if zh else spec.bullets_en) + list((GENERIC_ZH if zh else GENERIC_EN)[spec.department])
    rng.shuffle(pool)
    # Deal the bullet pool out to the jobs, newest job first, so no line appears twice.
    dealt: list[list[str]] = [[] for _ in jobs]
    for k, line in enumerate(pool):
        dealt[k % len(jobs) if len(jobs) > 1 and k >= 3 else 0].append(line)
    projects = list((PROJECTS_ZH if zh else PROJECTS_EN)[spec.department])
    rng.shuffle(projects)
    selfs = list(SELF_ZH if zh else SELF_EN)
    rng.shuffle(selfs)
    bio = rng.choice(BIOS_ZH if zh else BIOS_EN).format(
        years=facts.years_experience, field=(FIELD_ZH if zh else FIELD_EN)[spec.department]
    )
    budget = _Budget(bullets=[min(2, len(d)) for d in dealt], bio=rng.random() < 0.6)
    grow_order = ["bullet0", "project", "bullet1", "self", "bullet0", "bio", "bullet2", "project", "self",
                  "bullet1", "bullet3", "self"]
    # After the preferred order, keep cycling through whatever can still grow.
    grow_order += ["bullet0", "bullet1", "bullet2", "bullet3", "self", "project", "training"] * 8
    text = ""
    for step in [None, *grow_order]:
        if step == "project":
            budget.projects = min(len(projects), budget.projects + 1)
        elif step == "self":
            budget.selfs = min(len(selfs), budget.selfs + 1)
        elif step == "bio":
            budget.bio = True
        elif step == "training":
            budget.trainings = min(2, budget.trainings + 1)
        elif step and step.startswith("bullet"):
            i = int(step[-1])
            if i < len(dealt):
                budget.bullets[i] = min(len(dealt[i]), budget.bullets[i] + 1)
        text = _render(zh, style, variant, person, phone, email, spec, facts, jobs, edu, dealt, projects, selfs,
                       bio, budget, expected_salary)
        if len(text.encode("utf-8")) >= MIN_BYTES:
            break
    if len(text.encode("utf-8")) < MIN_BYTES and not budget.bio:
        budget.bio = True
        text = _render(zh, style, variant, person, phone, email, spec, facts, jobs, edu, dealt, projects, selfs,
                       bio, budget, expected_salary)
    while len(text.encode("utf-8")) > MAX_BYTES and budget.selfs:
        budget.selfs -= 1
        text = _render(zh, style, variant, person, phone, email, spec, facts, jobs, edu, dealt, projects, selfs,
                       bio, budget, expected_salary)
    return text


def _render(zh, style, variant, person, phone, email, spec, facts, jobs, edu, dealt, projects, selfs, bio, budget,
            expected_salary) -> str:
    salary = f"{int(expected_salary)}" if expected_salary is not None else ""
    lines: list[str] = []
    skills = [skill_display(s, "zh" if zh else "en") for s in facts.skills]
    if zh:
        lines += [
            person.name,
            f"手机：{phone} ｜ 邮箱：{email} ｜ 现居：{person.city}",
            f"性别：{'男' if person.male else '女'} ｜ 出生年月：{person.birth_date.year}年{person.birth_date.month}月",
            f"求职意向：{spec.title_zh} ｜ 期望月薪：{salary}元" if salary else f"求职意向：{spec.title_zh}",
            "",
            "【基本信息】",
            f"工作年限：{facts.years_experience}年",
            _team_line_zh(variant, facts),
            f"最高学历：{facts.education}",
        ]
        if budget.bio:
            lines += ["", "【个人简介】", bio]
        lines += ["", "【教育背景】"]
        lines += [f"{_range_zh(style, s, e)}  {school}  {major}  {degree}" for s, e, school, _en, major, degree in edu]
        lines += ["", "【工作经历】"]
        for i, job in enumerate(jobs):
            lines.append(f"{_range_zh(style, job.start, job.end)}  {job.company_zh}  {job.title_zh}")
            if i == 0 and facts.team_size > 0:
                lines.append(f"  · 管理{facts.team_size}人团队，负责团队目标制定、人员招聘与培养")
            lines += [f"  · {b}" for b in dealt[i][: budget.bullets[i]]]
        if budget.projects:
            lines += ["", "【项目经历】", *[f"  · {p}" for p in projects[: budget.projects]]]
        lines += ["", "【专业技能】"]
        for k in range(0, len(skills), 3):
            group = "、".join(skills[k:k + 3])
            lines.append(f"  · 熟练掌握{group}" if k == 0 else f"  · 熟悉{group}")
        if "英语" in facts.skills:
            lines.append("  · 英语六级，可阅读英文技术资料并进行日常沟通")
        if budget.trainings:
            lines += ["", "【培训与证书】", *[f"  · {t}" for t in TRAINING_ZH[spec.department][: budget.trainings]]]
        if budget.selfs:
            lines += ["", "【自我评价】", *selfs[: budget.selfs]]
    else:
        lines += [
            f"{person.name_en} ({person.name})",
            f"Phone: +86 {phone} | Email: {email} | Location: {person.city_en}, China",
            f"Objective: {spec.title_en}" + (f" | Expected salary: RMB {salary}/month" if salary else ""),
            "",
            "SUMMARY",
            f"{facts.years_experience} {'year' if facts.years_experience == 1 else 'years'} of experience",
            _team_line_en(variant, facts),
            f"Highest education: {DEGREE_EN[facts.education]}",
        ]
        if budget.bio:
            lines += ["", "PROFILE", bio]
        lines += ["", "EDUCATION"]
        lines += [f"{_range_en(style, s, e)}  {school_en}, {DEGREE_EN[degree]}, {MAJOR_EN.get(major, major)}"
                  for s, e, _zh, school_en, major, degree in edu]
        lines += ["", "EXPERIENCE"]
        for i, job in enumerate(jobs):
            lines.append(f"{_range_en(style, job.start, job.end)}  {job.title_en}, {job.company_en}")
            if i == 0 and facts.team_size > 0:
                lines.append(f"  - Managed a team of {facts.team_size}, owning goals, hiring and coaching")
            lines += [f"  - {b}" for b in dealt[i][: budget.bullets[i]]]
        if budget.projects:
            lines += ["", "PROJECTS", *[f"  - {p}" for p in projects[: budget.projects]]]
        lines += ["", "SKILLS", "  - " + ", ".join(skills)]
        lines += ["", "LANGUAGES", "  - Mandarin (native), English (fluent, CET-6)"]
        if budget.trainings:
            lines += ["", "TRAINING & CERTIFICATES", *[f"  - {t}" for t in TRAINING_EN[spec.department][: budget.trainings]]]
        if budget.selfs:
            lines += ["", "ABOUT ME", *selfs[: budget.selfs]]
    return "\n".join(lines) + "\n"
