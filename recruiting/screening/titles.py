"""Job titles and professional titles (职称) from resume text, each cut at its own boundary.

The rules (see docs/screening.md, "Titles"):

- A **job title** is a chain of title heads (董事长, 总经理, 经理, 总监, 主任, 主管, 书记, 秘书, 科员, 理事长, 助理…;
  adjacent heads join: 理事长助理, 主任科员, 总经理助理, 职工代表监事) extended to the left over rank prefixes (副, 常务,
  执行, 高级, 首席, 资深, 独立…) and function words from a fixed list (财务, 技术, 销售, 产品, 党委, 董事会, 办公室…).
  Anything else to its left (a company, a department such as 营业部 or 财务部, a city) is not part of the title: it is
  the **organisation** the title belongs to when it ends like one (公司, 银行, 集团, 局, 厅, 委员会, 大学, 部, 处…) or
  when the text puts it between the trigger word and the title.
- Titles are read where the text says someone held a post: after a trigger (任, 曾任, 历任, 现任, 兼任, 担任, 先后任,
  出任, 任职, 升任, 调任, 当选…, and 兼 inside an enumeration), after a date that opens a prose clause ("1998年至2003年，
  某某公司总经理"), after a label (职位：/职务：/当前职位：/Title:), and in English ("Senior Data Analyst at Acme",
  "served as Chief Financial Officer of …"). Dated lines of a work section are read by the parser's segment logic
  and only cut here (``cut_title``).
- After a trigger, an **enumeration** is split on 、 ， , / 及 和 以及 兼 并: every item that ends with a title is a
  post; an item without a title ends the enumeration ("现任公司董事长，负责…" stops at 负责). An item without its own
  organisation inherits the previous item's ("某某证券公司营业部副总经理、总经理": both at 某某证券公司营业部).
- **Dates**: the date range or open start (…年起) of the clause before the trigger applies to every post of the
  enumeration; 现任 marks the posts as current.
- A **professional title** (职称 or a registered qualification: 高级经济师, 高级工程师, 会计师, 注册会计师, 教授,
  研究员…) goes to ``professional_titles``, not to job titles. 工程师, 高级工程师, 研究员, 讲师, 律师 and the like are
  job titles where they are the post of a trigger or a dated job ("担任高级工程师", "2019.03-至今 某公司 高级工程师")
  and professional titles elsewhere ("硕士研究生学历，高级工程师。"); 教授/副教授 and the 经济师/会计师/审计师/统计师/
  政工师 series are always professional.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .patterns import ORG_SUFFIX

HAN = r"\u4e00-\u9fff"
Span = tuple[int, int]

# --- lexicons --------------------------------------------------------------------------------------

HEADS = (
    "董事长 副董事长 董事 总经理 经理 总裁 总监 主任 主管 书记 秘书 秘书长 主席 行长 局长 厅长 处长 科长 部长 院长 所长 "
    "校长 社长 会长 理事长 理事 监事长 监事 站长 队长 厂长 组长 班长 店长 区长 县长 市长 省长 镇长 乡长 村长 庭长 检察长 "
    "审判长 署长 司长 委员长 团长 馆长 台长 矿长 场长 园长 总编辑 总编 主编 编辑 记者 工程师 总工程师 总会计师 总经济师 "
    "主任会计师 总审计师 总设计师 总建筑师 总规划师 总工 分析师 设计师 架构师 规划师 策划师 顾问 助理 专员 代表 合伙人 创始人 "
    "联合创始人 负责人 委员 常委 科员 干事 办事员 信贷员 业务员 技术员 营业员 操作员 调研员 巡视员 督导 统计员 会计 出纳 "
    "审计员 稽核员 核算员 管理员 调度员 质检员 检验员 施工员 安全员 销售员 采购员 讲师 教师 律师 医生 医师 护士 "
    "研究员 实习生 经纪人 督察 专家 执行官 财务官 技术官 运营官 信息官 风险官 投资官 合规官 营销官 数据官 战略官 "
    "产品官 人力资源官 法务官 首席代表 司机 导购 文员 前台 厨师 收银员 翻译 领班 教练 编导 导演 制片人 主播 导师 首席"
).split()
# Words that may stand between a rank prefix and a head or before a head (read right to left).
MODIFIERS = (
    "财务 技术 销售 市场 产品 运营 人力资源 人力 人事 行政 法务 法律 投资 研发 信息 质量 生产 采购 客户 大客户 营销 品牌 战略 "
    "风控 风险 合规 审计 内审 数据 工程 项目 区域 大区 业务 商务 党委 党组 纪委 纪检 工会 团委 支部 党支部 总支 党总支 "
    "证券事务 董事会 监事会 理事会 股东 职工 职工代表 股东代表 信贷 营业 会计 软件 硬件 前端 后端 测试 算法 开发 设计 交互 "
    "视觉 内容 新媒体 电商 渠道 供应链 物流 仓储 客服 培训 招聘 薪酬 绩效 企划 策划 公关 媒介 广告 创意 研究 行业 证券 基金 "
    "资产 资金 财富 理财 信托 保险 精算 税务 成本 预算 结算 安全 网络 系统 运维 平台 架构 嵌入式 机械 电气 结构 土建 施工 "
    "监理 造价 工艺 设备 质检 品质 计划 外贸 国际 海外 华东 华南 华北 华中 西南 西北 东北 全国 门店 售前 售后 解决方案 "
    "用户 增长 商业 分析 经营 管理 综合 办公室 总裁办 总经理办公室 董事长办公室 行长办公室 党委办公室 "
    "常务委员会 常委会 委员会 执行委员会 专门委员会 审计委员会 薪酬委员会 提名委员会 战略委员会 投资决策委员会 风险管理委员会 "
    "经理 总经理 董事长 理事长 行长 总裁 主任 部门 首席 主任委员 信息技术 投资银行 资本市场 "
    "资产管理 固定收益 机构业务 零售业务 公司业务 个人业务 国际业务 计划财务 财务会计 会计结算 风险管理 合规管理 "
    "证券投资 资产评估 教学 科研 医务 学术 专职 兼职 驻会 外部 独立 非执行 执行 常务 高级 首席 资深 副 正 总 代理 名誉 "
    "荣誉 特聘 客座 终身 专任 助理 主任 见习 实习 初级 中级 一级 二级 三级 四级 值班 分管 主管 领导小组 工作组 小组 "
    "博士生 硕士生 研究生 博士研究生 硕士研究生 项目组 课题组 党组成员 班子成员 创新 战略发展 发展 规划 改革 法规 政策 调研 统计 信息化 数字化 网络安全 科技"
).split()
# Heads that are never a post by themselves, only in a chain (首席 alone is a prefix, 导师 only 博士生导师…).
_CHAIN_ONLY = frozenset({"首席", "导师", "专家"})
ALWAYS_PROFESSIONAL = (
    "教授 副教授 高级经济师 经济师 助理经济师 正高级经济师 高级会计师 会计师 助理会计师 正高级会计师 高级审计师 审计师 "
    "助理审计师 高级统计师 统计师 高级政工师 政工师 注册会计师 中国注册会计师 非执业注册会计师 注册税务师 注册资产评估师 "
    "注册造价师 注册造价工程师 注册建筑师 一级注册建筑师 注册结构工程师 注册安全工程师 一级建造师 二级建造师 执业药师 "
    "主任药师 副主任药师 执业医师 执业律师 一级律师 二级律师 三级律师 特许金融分析师 注册金融分析师 注册内部审计师 "
    "国际注册内部审计师 注册评估师 注册资产评估师 注册房地产估价师 高级国际商务师 国际商务师 高级人力资源管理师 "
    "高级农艺师 农艺师 高级畜牧师 高级兽医师 高级工艺美术师 工艺美术师 高级经营师 高级企业培训师 正高级工程师 "
    "教授级高级工程师 研究员级高级工程师 教授级高工 高级讲师 特级教师 高级教师 中学高级教师 主任医师 副主任医师 主治医师 "
    "主管护师 副主任护师 主任护师 编审 副编审 高级记者 主任记者 高级编辑 研究馆员 副研究馆员 高级实验师 实验师 "
    "高级建筑师 高级规划师 高级咨询师 高级信用管理师 高级理财规划师 注册城市规划师 注册监理工程师 注册咨询工程师 "
    "博士生导师 硕士生导师 博士研究生导师 硕士研究生导师 中级会计师 初级会计师 中级经济师 初级经济师 中级工程师 "
    "注册环保工程师 注册电气工程师 注册化工工程师 注册岩土工程师 注册公用设备工程师 注册测绘师 注册税务师 注册资产评估师"
).split()
# Job titles where they are a post, professional titles where they stand on their own.
CONTEXTUAL_PROFESSIONAL = frozenset(
    "工程师 高级工程师 助理工程师 研究员 副研究员 助理研究员 讲师 律师 高级律师 医师".split()
)

TRIGGER = re.compile(
    r"(?:先后|曾先后|又先后|后)?(?:历任|现任|曾任|兼任|并任|还任|另任|后任|又任|再任|继任|接任|拟任|代任|出任|升任|"
    r"调任|改任|转任|提任|聘任|就任|同时兼任|同时担任|同时任|担任过|担任|任职于|任职|晋升为|晋升|提升为|提拔为|擢升为|"
    r"被聘为|聘为|受聘为|被任命为|任命为|当选为|当选|被选举为|选举为|选为|现为|曾为|现系|系|先后任|任(?![务何期意性免命用课职])|"
    r"兼(?![顾并具容备收职有任]))"
)
_TRIGGER_BLOCKED_BEFORE = frozenset("主责信委担聘继接调改转拟代出升提就历现曾兼并还另后又再连留放")
_ENUM_SPLIT = re.compile(r"、|，|,|/|以及|及|和|兼任|兼|并任|并(?=[担任])|暨")
_HARD_STOP = re.compile(r"[。;；\n!?！？:：]|(?<![\d])(?:负责(?!人)|分管|主持|协助|期间|其间|任期|从事|参与|主要|曾获|获得)")
_TAILS = re.compile(r"(?:等职务|等职位|等职|等岗位|等|职务|职位|岗位|一职|之职|工作|期间|至今|以来|迄今|)$")
_FILLER_LEFT = re.compile(r"^(?:于|在|为|是|了|过|该|到|至|进入|加入|就职于|供职于|服务于|the\s)+")
# What an organisation before a post ends with: the company suffixes of experience lines (patterns.ORG_SUFFIX)
# and the public bodies, schools, departments and units that executive bios name.
ORG_END = re.compile(
    rf"(?:{ORG_SUFFIX}|局|厅|委员会|委|大学|学院|学校|中学|院|所|部|处|科|室|站|队|厂|店|社|会|办|署|司|馆|台|市场|基金|"
    r"联合会|政府|矿|场|园|企业|机构|单位|系|组|团|军|省|市|县|区|镇|乡|村|街道|小组)$"
)

_DEPARTMENT_UNITS = ("车间", "车队", "部门", "中心", "部", "处", "科", "室")
_HEAD_SET = frozenset(HEADS)
_MOD_SET = frozenset(MODIFIERS)
_HEAD_RE = re.compile("|".join(sorted(map(re.escape, HEADS), key=len, reverse=True)))
_MOD_LENGTHS = sorted({len(m) for m in MODIFIERS}, reverse=True)
_PROFESSIONAL_RE = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, set(ALWAYS_PROFESSIONAL) | CONTEXTUAL_PROFESSIONAL), key=len, reverse=True))
    + r")(?!事务所|协会|学会|行业|资格考试|考试|执业资格|资格证|执业证|证书|资格)"
)
_PRO_WORDS = frozenset(ALWAYS_PROFESSIONAL) | CONTEXTUAL_PROFESSIONAL
_PRO_LENGTHS = sorted({len(w) for w in _PRO_WORDS}, reverse=True)
_PRO_CONTEXT_BLOCK = re.compile(r"(?:总|副总|主任|首席|软件|开发|研发|测试|算法|数据|网络|硬件|结构|电气|机械|工艺|设备|项目|销售|行业)$")

ENGLISH_HEADS = (
    r"engineer|developer|manager|director|analyst|consultant|designer|architect|scientist|specialist|officer|lead|head|"
    r"president|intern|representative|accountant|administrator|coordinator|supervisor|executive|partner|founder|"
    r"co-founder|chairman|chairwoman|chair|ceo|cto|cfo|coo|cio|vp|secretary|controller|treasurer|auditor|researcher|"
    r"editor|producer|owner|trader|economist|strategist|advisor|adviser|counsel"
)
# "Vice President of Sales" keeps its function; "Chief Financial Officer of Nova Systems" does not keep the company.
_EN_FUNCTIONS = (
    r"Sales|Marketing|Engineering|Finance|Operations|Product|Products|Research|Technology|Human Resources|"
    r"Business Development|Strategy|Communications|Investor Relations|Risk|Compliance|Legal|Design|Data|"
    r"Customer Success|Supply Chain|Procurement|Manufacturing|Quality|Information Technology|IT|HR|R&D"
)
_EN_TITLE = (
    r"(?:(?:[A-Z][A-Za-z&/\-]*|of|and|&) ){0,6}?(?:[A-Z][A-Za-z&/\-]* )?"
    rf"(?i:{ENGLISH_HEADS})s?(?:,? (?:of|for) (?:{_EN_FUNCTIONS})(?: (?:and|&) (?:{_EN_FUNCTIONS}))?)?"
)
_EN_TITLE_ONLY = re.compile(_EN_TITLE)
_EN_AT = re.compile(rf"(?<![A-Za-z])({_EN_TITLE}) (?:at|@|with) (?=[A-Z0-9])")
_EN_AS = re.compile(
    rf"(?:served|serves|serving|acted|acts|worked|works|working|appointed|named|promoted|joined [^,.;]{{1,60}}?)\s"
    rf"(?:as\s|to\s)?(?:an?\s|the\s|its\s)?({_EN_TITLE})(?=\s(?:of|at|for|in|from|since|until)\b|[,.;]|$)"
)
_EN_IS = re.compile(rf"(?:\b(?:is|was|has been|had been|became|becomes)\s(?:an?\s|the\s|its\s)?)({_EN_TITLE})(?=\s(?:of|at|for)\s[A-Z])")
_LABEL = re.compile(r"(?:当前职位|现任职务|目前职位|所任职务|担任职务|职位名称|职位|职务|current title|title|position)\s?[:：|]\s?([^\n|,，;；]{2,30})")
_NOT_HELD_LABEL = re.compile(r"(?:求职意向|期望职位|应聘职位|意向职位|目标职位|desired position|objective)\s?[:：]?[^\n]*$")


@dataclass
class Post:
    """One post held: the title, the organisation where the text names it, and the date anchor of the clause
    (an index into the caller's date list, or None)."""

    title: str
    span: Span
    organisation: str | None = None
    org_span: Span | None = None
    date_index: int | None = None
    current: bool = False
    professional: bool = False


# --- cutting ---------------------------------------------------------------------------------------


def _last_chain(piece: str) -> tuple[int, int] | None:
    """The (start, end) of the title chain that ends ``piece`` (heads joined, prefixes and modifiers
    added on the left), or None when the piece does not end with a head."""
    heads = [m.span() for m in _HEAD_RE.finditer(piece)]
    if not heads or heads[-1][1] != len(piece):
        return None
    start = heads[-1][0]
    for s, e in reversed(heads[:-1]):
        if e == start:
            start = s
        else:
            break
    # Extend left over modifiers and prefixes (longest first, right to left).
    while start > 0:
        for length in _MOD_LENGTHS:
            if length <= start and piece[start - length : start] in _MOD_SET:
                start -= length
                break
        else:
            # A head directly before the chain also joins (董事会秘书 is 董事会 + 秘书; 总经理助理 …).
            joined = next((s for s, e in heads if e == start), None)
            if joined is None:
                break
            start = joined
    # A department written just before the title belongs to it (财务部经理, 营业部副总经理, 车间主任, 技术中心主任):
    # function words ending in 部/处/科/室/中心/车间. A company, bank, bureau or institute does not (某分行副行长).
    start = _department_start(piece, start)
    while start < len(piece) and piece[start] in "的":
        start += 1
    chain = piece[start:]
    if chain in _CHAIN_ONLY or not chain:
        return None
    return start, len(piece)


def _extend_modifiers(piece: str, start: int) -> int:
    while start > 0:
        for length in _MOD_LENGTHS:
            if length <= start and piece[start - length : start] in _MOD_SET:
                start -= length
                break
        else:
            return start
    return start


def _department_start(piece: str, start: int) -> int:
    """Where a department written just before the title starts (财务部经理, 营业部副总经理, 车间主任, 技术中心主任):
    function words from ``MODIFIERS`` ending in 部/处/科/室/中心/部门, or 车间/车队. A company, bank, bureau or
    institute is not a department (某分行副行长 → 副行长)."""
    for unit in _DEPARTMENT_UNITS:
        if piece.endswith(unit, 0, start):
            unit_start = start - len(unit)
            extended = _extend_modifiers(piece, unit_start)
            if extended < unit_start or unit in ("车间", "车队"):
                return extended
    return start


def cut_title(text: str, start: int, end: int) -> Span | None:
    """Cut a title segment (from a sectioned work line) at its own boundary: drop an organisation or
    department written in front of it; keep a segment that is all title ("高级Java开发工程师")."""
    piece = text[start:end]
    if not re.search(rf"[{HAN}]", piece):
        return (start, end) if piece.strip() else None
    chain = _last_chain(piece)
    if chain is None:
        return (start, end)
    before = piece[: chain[0]]
    if before and ORG_END.search(before) and len(before) >= 2:
        return start + chain[0], end
    return start, end


def prose_title(text: str, start: int, end: int) -> Span | None:
    """A title segment of a prose clause that no trigger covered: only its title chain counts (or an English
    title that is nothing but a title)."""
    piece = text[start:end]
    if re.search(rf"[{HAN}]", piece):
        tail = _TAILS.search(piece)
        body = piece[: tail.start()] if tail else piece
        chain = _last_chain(body)
        return (start + chain[0], start + chain[1]) if chain else None
    return (start, end) if _EN_TITLE_ONLY.fullmatch(piece.strip()) else None


# --- prose ------------------------------------------------------------------------------------------


def _trigger_ok(text: str, match: re.Match) -> bool:
    s = match.start()
    word = match.group(0)
    if word.startswith(("任", "兼", "系")) and s > 0 and text[s - 1] in _TRIGGER_BLOCKED_BEFORE:
        return False
    if word == "系" and s > 0 and re.match(rf"[{HAN}]", text[s - 1]) and text[s - 1] not in "现曾亦均":
        return False  # 计算机系, 中文系: a department, not "is"
    return True


def prose_posts(text: str, start: int, end: int, anchors: list[tuple[int, int]]) -> list[Post]:
    """Posts of the text ``[start, end)`` read after triggers and after date anchors (``anchors``: spans
    of the date ranges / open starts inside it, in order)."""
    posts: list[Post] = []
    starts: list[tuple[int, int, bool, int | None]] = []  # (scope start, trigger start, current, date index)
    for match in TRIGGER.finditer(text, start, end):
        if _trigger_ok(text, match):
            starts.append((match.end(), match.start(), match.group(0).startswith("现"), None))
    trigger_positions = {s for _, s, _, _ in starts}
    for index, (a_start, a_end) in enumerate(anchors):
        after = re.match(r"[\s,，]*(?:(?:年|月|起|开始|以来|至今|迄今|期间|间)[\s,，]*)*", text[a_end:end])
        scope = a_end + (after.end() if after else 0)
        if not any(abs(scope - p) <= 1 or (scope <= p <= scope + 3) for p in trigger_positions):
            starts.append((scope, a_start, False, index))
    starts.sort()
    # Everything below stays linear in the number of triggers and dates (a hostile text repeats them by the
    # thousand): sorted positions are searched with bisect, and the next hard stop is found once per stretch.
    trigger_starts = sorted(trigger_start for _, trigger_start, _, _ in starts)
    anchor_ends = [a_end for _, a_end in anchors]
    ends_sorted = all(a <= b for a, b in zip(anchor_ends, anchor_ends[1:], strict=False))
    stop = None
    searched_from = None
    for scope_start, trigger_start, current, date_index in starts:
        if date_index is None:
            date_index = _date_before(text, trigger_start, anchors, anchor_ends if ends_sorted else None)
        # The first hard stop at or after scope_start: the one found for an earlier scope start still is,
        # unless the scope now starts past it (scope starts only grow).
        if searched_from is None or (stop is not None and stop.start() < scope_start):
            stop = _HARD_STOP.search(text, scope_start, end)
            searched_from = scope_start
        scope_end = stop.start() if stop else end
        # A later trigger starts its own scope (its posts carry its own date and tense).
        following = bisect.bisect_right(trigger_starts, scope_start)
        if following < len(trigger_starts) and trigger_starts[following] < scope_end:
            scope_end = trigger_starts[following]
        org = _org_before(text, start, trigger_start, anchors, anchor_ends if ends_sorted else None)
        previous = posts[-1] if posts else None
        if previous is not None and text[trigger_start] in "兼并" and trigger_start - previous.span[1] <= 1:
            # "副总裁兼财务总监": the post after 兼 shares the organisation, date and tense of the one before.
            org = org or ((previous.organisation, previous.org_span) if previous.organisation else None)
            date_index = date_index if date_index is not None else previous.date_index
            current = current or previous.current
        posts.extend(_scope_posts(text, scope_start, scope_end, date_index, current, org))
    return posts


def _date_before(
    text: str, trigger_start: int, anchors: list[tuple[int, int]], anchor_ends: list[int] | None
) -> int | None:
    """Date of a trigger: the nearest anchor before it in the same clause, at most 12 characters away.

    With ``anchor_ends`` (the anchors' ends, ascending) only the anchors ending within 12 characters before
    the trigger are looked at; an earlier one's gap contains the later one's, so it cannot qualify."""
    if anchor_ends is None:
        candidates = range(len(anchors) - 1, -1, -1)
    else:
        last = bisect.bisect_right(anchor_ends, trigger_start) - 1
        first = bisect.bisect_left(anchor_ends, trigger_start - 12)
        candidates = range(last, first - 1, -1)
    for index in candidates:
        a_end = anchors[index][1]
        gap = text[a_end:trigger_start]
        if a_end <= trigger_start and not re.search(r"[。；;\n]", gap) and len(gap) <= 12:
            return index
    return None


def _org_before(
    text: str, start: int, trigger_start: int, anchors: list[tuple[int, int]], anchor_ends: list[int] | None = None
) -> tuple[str, Span] | None:
    """"在某某公司任…": the organisation written between the clause start and the trigger."""
    left = trigger_start
    floor = max(start, trigger_start - 40)
    while left > floor and text[left - 1] not in "，,。；;、\n:：)）":
        left -= 1
    if anchor_ends is None:
        for _, a_end in anchors:
            if left <= a_end <= trigger_start:
                left = a_end
    else:  # the same with the ends ascending: the last anchor ending inside [left, trigger_start]
        last = bisect.bisect_right(anchor_ends, trigger_start) - 1
        if last >= 0 and anchor_ends[last] >= left:
            left = anchor_ends[last]
    chunk = text[left:trigger_start]
    lead = re.match(r"[\s年月日起至今以来]*(?:先后|曾|现|同时|后|又|并)?(?:在|于|就职于|供职于|服务于|加入|进入)", chunk)
    if not lead:
        return None
    org = chunk[lead.end():].strip()
    if len(org) < 2 or not ORG_END.search(org):
        return None
    s = left + lead.end() + chunk[lead.end():].index(org)
    return org, (s, s + len(org))


def _scope_posts(
    text: str, start: int, end: int, date_index: int | None, current: bool, org: tuple[str, Span] | None
) -> list[Post]:
    found: list[Post] = []
    cursor = start
    pieces: list[Span] = []
    for sep in _ENUM_SPLIT.finditer(text, start, end):
        pieces.append((cursor, sep.start()))
        cursor = sep.end()
    pieces.append((cursor, end))
    for p_start, p_end in pieces:
        raw = text[p_start:p_end]
        stripped = raw.strip(" ()（）\"“”'")
        if not stripped:
            continue
        offset = p_start + raw.index(stripped)
        tail = _TAILS.search(stripped)
        body = stripped[: tail.start()] if tail else stripped
        filler = _FILLER_LEFT.match(body)
        skip = filler.end() if filler else 0
        chain = _last_chain(body)
        pro = _professional_suffix(body)
        if pro is not None and (chain is None or pro <= chain[0]):
            chain = (pro, len(body))
        if chain is None:
            break
        t_start = max(chain[0], skip)
        title = body[t_start:]
        if not title or title in _CHAIN_ONLY:
            break
        raw_before = body[skip:t_start]
        before = raw_before.strip()
        if before and re.search(rf"[{HAN}a-zA-Z]", before):
            lead = offset + skip + len(raw_before) - len(raw_before.lstrip())
            org = (before, (lead, lead + len(before)))  # the span of the organisation as stripped
        span = (offset + t_start, offset + len(body))
        found.append(
            Post(
                title=title, span=span, organisation=org[0] if org else None, org_span=org[1] if org else None,
                date_index=date_index, current=current, professional=title in ALWAYS_PROFESSIONAL,
            )
        )
    return found


def _professional_suffix(body: str) -> int | None:
    """Start of the longest professional title that ends ``body`` (教授级高级工程师 over 高级工程师)."""
    for length in _PRO_LENGTHS:
        if length <= len(body) and body[-length:] in _PRO_WORDS:
            return len(body) - length
    return None


_EN_KEYS = (
    (re.compile(r" (?:at|@|with) [A-Z0-9]"), _EN_AT),
    (re.compile(r"\b(?:serv|act|work|appoint|nam|promot|join)(?:ed|es|s|ing)?\b"), _EN_AS),
    (re.compile(r"\b(?:is|was|been|became|becomes) "), _EN_IS),
)


def english_posts(text: str, start: int, end: int) -> list[Post]:
    """English posts: "Senior Data Analyst at Acme", "served as Chief Financial Officer of …". The title
    patterns run only on the lines that have the key word (they are slow to try at every position)."""
    posts = []
    for key, pattern in _EN_KEYS:
        done = -1
        for hit in key.finditer(text, start, end):
            if hit.start() < done:
                continue
            line_start = max(start, text.rfind("\n", 0, hit.start()) + 1)
            line_end = text.find("\n", hit.end())
            line_end = end if line_end == -1 or line_end > end else line_end
            done = line_end
            for match in pattern.finditer(text, line_start, line_end):
                title = match.group(1).strip(" ,")
                if title.lower() in {"head", "lead"} or len(title) < 3:
                    continue
                s = match.start(1) + match.group(1).index(title)
                posts.append(Post(title=title, span=(s, s + len(title))))
    return posts


def labelled_posts(text: str, start: int, end: int) -> list[Post]:
    posts = []
    for match in _LABEL.finditer(text, start, end):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if _NOT_HELD_LABEL.search(text, line_start, match.start() + 1):
            continue
        s, e = match.span(1)
        value = text[s:e].strip()
        if _HEAD_RE.search(value) or re.search(ENGLISH_HEADS, value.lower()):
            s += text[s:e].index(value)
            posts.append(Post(title=value, span=(s, s + len(value))))
    return posts


def professional_in(text: str, start: int, end: int, taken: list[Span]) -> list[tuple[str, Span]]:
    """职称 standing on their own (not inside a job title already read, not part of a longer job title
    such as 总工程师 or 软件工程师)."""
    found: list[tuple[str, Span]] = []
    for match in _PROFESSIONAL_RE.finditer(text, start, end):
        s, e = match.span()
        if any(s < t_end and t_start < e for t_start, t_end in taken):
            continue
        if _PRO_CONTEXT_BLOCK.search(text, max(0, s - 4), s):
            continue
        if re.match(rf"[{HAN}]", text[e : e + 1] or " ") and _HEAD_RE.match(text, e):
            continue  # 研究员 in 研究员级…, 教授 before 级 are covered by longer spellings; a head after: a job
        found.append((match.group(0), (s, e)))
    return found
