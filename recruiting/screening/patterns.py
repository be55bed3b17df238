"""The word lists and patterns the resume parser recognises, in one place so they can be reviewed and
extended without reading parser logic. All patterns run on the ASCII-lower-cased normalised text
unless their name ends in ``_CASED``.
"""

from __future__ import annotations

import re

HAN = r"\u4e00-\u9fff"

# --- Section headings -------------------------------------------------------------------------------
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "education": (
        "教育背景", "教育经历", "教育情况", "学历背景", "学习经历", "教育", "学历", "education", "education background",
        "academic background", "educational background",
    ),
    "work": (
        "工作经历", "工作经验", "职业经历", "工作履历", "任职经历", "从业经历", "工作背景", "实习经历", "职业生涯",
        "work experience", "experience", "professional experience", "employment history", "employment",
        "work history", "career history", "career", "internship", "internships",
    ),
    "project": ("项目经历", "项目经验", "主要项目", "项目", "projects", "project experience", "key projects"),
    "skills": (
        "专业技能", "技能", "技能特长", "技能专长", "个人技能", "专业能力", "技能证书", "skills", "technical skills",
        "core skills", "skills and tools", "core competencies",
    ),
    "certs": (
        "证书", "资格证书", "证书资质", "职业资格", "资质证书", "资格认证", "certifications", "certificates", "licenses",
        "certification", "licenses and certifications",
    ),
    "languages": ("语言能力", "语言", "外语能力", "languages", "language skills", "language"),
    "summary": (
        "自我评价", "个人评价", "个人简介", "个人总结", "自我介绍", "个人优势", "求职意向", "职业目标", "summary", "profile",
        "about me", "objective", "career objective", "professional summary",
    ),
    "personal": ("基本信息", "个人信息", "联系方式", "personal information", "contact", "contact information"),
    "awards": ("获奖情况", "荣誉奖项", "所获荣誉", "获奖经历", "荣誉", "awards", "honors", "honours"),
    "training": ("培训经历", "培训", "training", "courses"),
}
HEADING_LOOKUP = {heading: kind for kind, headings in SECTION_HEADINGS.items() for heading in headings}
HEADING_ANY = re.compile("|".join(re.escape(h) for h in sorted(HEADING_LOOKUP, key=len, reverse=True)))
HEADING_DECORATION = re.compile(r"^[\s#*=_>【\[(（■●◆▌▶►|·•\-]*(?:[一二三四五六七八九十]+[、.]|\d{1,2}[、.)])?\s*|[\s】\])）:：|*#=_\-]*$")

# --- Contact -------------------------------------------------------------------------------------
# The lookbehind makes a match start only where a run of address characters starts (linear time on
# long runs such as 200,000 digits, where an unanchored pattern is quadratic).
EMAIL = re.compile(r"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]{0,63}@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,8}\.[a-z]{2,24}")
URL = re.compile(r"(?:https?://|www\.)[^\s，,;；)）]+")
MOBILE = re.compile(r"(?<![\d+])(?:\+?86[\s\-]?)?(1[3-9]\d)[\s\-]?(\d{4})[\s\-]?(\d{4})(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})[\s\-](\d{7,8})(?!\d)")
LABELLED_PHONE = re.compile(r"(?:phone|tel|mobile|cell|电话|手机|联系电话)\s?[:：]?\s?(\+?\d[\d\s\-()]{6,18}\d)")
NAME_LABEL = re.compile(rf"(?:姓\s?名|name)\s?[:：]\s?([{HAN}·]{{2,5}}|[a-z][a-z.'\-]+(?: [a-z][a-z.'\-]+){{0,3}})")
NAME_STRIP = re.compile(r"^[#*\s]+|个人简历|求职简历|简历|履历表?|curriculum vitae|resume|résumé|\bcv\b", re.I)

# The most common Chinese surnames (single and compound); a first line of 2–4 Han characters starting
# with one of these is taken as the name.
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐")
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
    "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪"
    "庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房"
    "滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁"
    "沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
NOT_NAMES = frozenset(
    "个人简历 基本信息 个人信息 联系方式 教育背景 工作经历 求职意向 自我评价 专业技能 项目经历 工作经验 联系电话 电子邮箱 "
    "应聘职位 期望薪资 目前状态 出生年月".split()
)

# --- Education -------------------------------------------------------------------------------------
# Degree spellings, levels, ranks and the rules around them live in ``degrees.py``.
SCHOOL = re.compile(
    rf"[{HAN}a-z()（）·]{{2,24}}?(?:大学|学院|学校|中学|高中|研究生院|党校|技校|中专)(?![{HAN}]{{0,2}}(?:有限|公司|集团))"
)
SCHOOL_CASED = re.compile(
    r"(?:University of [A-Z][A-Za-z&.'\- ]{1,50}?|(?<![A-Za-z&.'\-])(?:[A-Z][A-Za-z&.'\-]{0,30}\s){1,6}"
    r"(?:University|College|Institute of Technology|Institute|Polytechnic|Business School|School of [A-Z][a-z]+)"
    r"(?: of (?:[A-Z][A-Za-z&.'\-]{0,30})(?: (?:[A-Z][A-Za-z&.'\-]{0,30}|and|&|of)){0,6})?)"
    r"(?=$|[\s,;|()]|\.)"
)
SCHOOL_PREFIX = re.compile(r".*(?:毕业于|就读于|肄业于|求学于|考入|进入|毕业|就读|在|于|获|从)")
MAJOR_LABEL = re.compile(rf"(?:专业|主修|major|field of study)\s?[:：]?\s?([{HAN}a-z&,' ]{{2,30}}?)(?=$|[\s,，;；|/()（）。])")
MAJOR_SUFFIX = re.compile(rf"([{HAN}]{{2,12}}?)(?:专业|系(?![统列]))")
MAJOR_AFTER_SCHOOL = re.compile(rf"([{HAN}]{{2,10}}?)(?:专业|系(?![统列])|学院)")
MAJOR_DEGREE = re.compile(rf"(?:获得?|取得)?([{HAN}]{{2,10}}?)(?:学士|硕士|博士)学位")
MAJOR_ENGLISH = re.compile(
    r"(?:b\.?s\.?c?|m\.?s\.?c?|b\.?a\.?|m\.?a\.?|bachelor(?:'s)?(?: degree)?|master(?:'s)?(?: degree)?|ph\.?\s?d\.?|"
    r"mba|m\.?eng|b\.?eng)\.?,? (?:of (?:science |arts |engineering )?)?(?:in )?([a-z][a-z &]{2,40}?)(?=$|[,;|()\n]|\s{2})"
)
GRADUATION_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s?年?\s?(?:毕业|graduated|graduation)")

# --- Work ----------------------------------------------------------------------------------------
ORG_SUFFIX = (
    "股份有限公司|有限责任公司|有限公司|集团公司|集团|公司|银行|研究院|研究所|事务所|医院|协会|学会|商会|基金会|工作室|实验室|"
    "分公司|分行|支行|总行|门店|工厂|制造厂|中心|出版社|电视台|报社"
)
ORG = re.compile(rf"[{HAN}a-z0-9()（）&·.\-]{{2,40}}?(?:{ORG_SUFFIX})")
ORG_GREEDY = re.compile(rf"[{HAN}a-z0-9()（）&·.\-]{{2,40}}(?:{ORG_SUFFIX})")
ORG_CASED = re.compile(
    r"(?<![\w&.'\-])(?:[A-Z0-9][\w&.'\-]{0,30}\s){0,5}(?:Inc\.?|Ltd\.?|LLC|Corp\.?|Corporation|Company|Co\.,?\s?Ltd\.?|Group|"
    r"Technologies|Technology|Bank|Consulting|Partners|Limited|GmbH|AG|Labs?|Studios?|Systems|Software|Holdings|"
    r"Capital|Securities|Insurance|Motors|Electronics|Foods?|Retail|Stores?)(?![A-Za-z])"
)
ORG_PREFIX = re.compile(
    r"(?:[\d\s年月日起至今\-~～—.]|从|自|在|于|任职于|就职于|服务于|加入|担任|任职|任|入职|进入|创办|创立|曾在|曾任|先后在|"
    r"先后|现任|后任|并任|历任|此前|之后|随后|目前|现|就职|供职于|供职|at\s)+"
)
TITLE_SUFFIX = (
    "副总经理|总经理|副总裁|总裁|董事长|副董事长|董事|总监|经理|主管|主任|专员|工程师|架构师|分析师|设计师|顾问|助理|负责人|"
    "组长|店长|科长|处长|部长|厂长|院长|会长|秘书长|合伙人|创始人|联合创始人|研究员|讲师|教师|会计|出纳|实习生|代表|督导|"
    "主播|编辑|记者|律师|医生|护士|技术员|操作员|班长|领班|柜长|主任医师|专家|CEO|CTO|CFO|COO|CIO|VP"
)
TITLE = re.compile(rf"[{HAN}a-z/&]{{0,12}}?(?:{TITLE_SUFFIX.lower()})")
TITLE_ENGLISH = re.compile(
    r"(?<![a-z])(?:(?:senior|junior|lead|principal|chief|staff|associate|assistant|deputy|regional|general|vice|"
    r"[a-z]{1,20})\s){0,4}(?:engineer|developer|manager|director|analyst|consultant|designer|architect|scientist|"
    r"specialist|officer|lead|head|president|intern|representative|accountant|administrator|coordinator|"
    r"supervisor|executive|partner|founder|co-founder|owner|programmer|researcher|teacher|ceo|cto|cfo|coo|vp)\b"
)
TITLE_PREFIX = re.compile(r"(?:先后担任|先后任|担任|任职|出任|升任|晋升为|晋升|先后|任|为|做|as\s|position[:：]?\s?|职位[:：]?|title[:：]?\s?)+")
EXTRA_TITLE = re.compile(rf"(?:兼任|曾任|历任|并任|同时担任|兼)([{HAN}a-z0-9、/&]{{2,40}})")
ENTRY_SPLIT = re.compile(
    rf"\s*(?:[|｜•·\t/]|\s[\-–—@]\s|,\s?|，|;|；|、|\(|\)|（|）|\sat\s)\s*|(?<=[{HAN})）])\s+|\s+(?=[{HAN}])"
)
BULLET = re.compile(r"^\s*(?:[-•*●·▪◦]|\d+[.、)]|[(（]\d+[)）]|负责|主要|职责|工作内容|业绩|responsib|achievement)")

# --- Team size, years stated, certifications, languages -----------------------------------------
CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMBER = r"(\d{1,5}|[零一二两三四五六七八九十百千]{1,6})"
TEAM_SIZE = (
    re.compile(rf"(?:管理|带领|领导|带|组建|负责|搭建|扩充到?|扩展到?|发展到?|增长到?|扩大到?)[^，,。；;\n]{{0,12}}?{NUMBER}\s?(?:余|多)?\s?(?:人|名|位)"),
    re.compile(rf"{NUMBER}\s?(?:余|多)?\s?(?:人|名)\s?(?:的)?\s?(?:团队|队伍|小组|部门|下属|销售团队|研发团队)"),
    re.compile(rf"(?:团队规模|团队人数|下属人数|下属|汇报人数|直接下属|管理幅度|团队)\s?[:：]?\s?(?:共|约|达)?\s?{NUMBER}\s?(?:余|多)?\s?(?:人|名)"),
    re.compile(r"(?:team of|teams? of up to|managed|managing|manage|led|leading|lead|supervised|supervising|built)\s(?:a\s)?(?:team\sof\s)?(?:about\s|over\s|up to\s)?(\d{1,5})\+?(?:-person|-strong|\s(?:people|engineers|staff|employees|members|reports|direct reports|sales reps|analysts|developers|designers|workers|person))"),
    re.compile(r"(\d{1,5})\+?\s?(?:-person|-member|person|people)\s(?:team|department|organization|unit)"),
    re.compile(r"team size\s?[:：]?\s?(\d{1,5})"),
    re.compile(r"(\d{1,5})\s(?:direct reports|reports)"),
)
# Lines without one of these words cannot state a team size (a cheap filter before the patterns).
TEAM_TRIGGER = re.compile(r"[人名位]|team|people|reports|staff|engineers|employees|members|analysts|developers|person")

YEARS_ANCHOR = re.compile(r"经验|年限|experience|expertise")
YEARS_STATED = (
    re.compile(rf"{NUMBER}(?:\.\d)?\s?(?:\+|多|余)?\s?年(?:以上|多)?(?:的)?[{HAN}a-z/]{{0,10}}?(?:工作|从业|管理|行业|相关)?经验"),
    re.compile(rf"(?:工作年限|从业年限|工作经验)\s?[:：]?\s?{NUMBER}\s?(?:\+|多|余)?\s?年"),
    re.compile(r"(\d{1,2})(?:\.\d)?\+?\s?(?:years?|yrs?)(?:'|’)?\s(?:of\s)?(?:[a-z/\-]+\s){0,3}?(?:experience|expertise)"),
    re.compile(r"experience\s?[:：]\s?(\d{1,2})\+?\s?(?:years?|yrs?)"),
)
CERTIFICATIONS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("PMP", r"(?<![a-z])pmp(?![a-z])"),
        ("CPA", r"(?<![a-z])cpa(?![a-z])|注册会计师"),
        ("ACCA", r"(?<![a-z])acca(?![a-z])"),
        ("CFA", r"(?<![a-z])cfa(?![a-z])(?:\s?(?:level\s?)?(?:i{1,3}|[123])(?![a-z]))?"),
        ("FRM", r"(?<![a-z])frm(?![a-z])"),
        ("CIA", r"(?<![a-z])cia(?![a-z])|国际注册内部审计师"),
        ("CISA", r"(?<![a-z])cisa(?![a-z])"),
        ("CISSP", r"(?<![a-z])cissp(?![a-z])"),
        ("CCIE", r"(?<![a-z])ccie(?![a-z])"),
        ("CCNP", r"(?<![a-z])ccnp(?![a-z])"),
        ("CCNA", r"(?<![a-z])ccna(?![a-z])"),
        ("RHCE", r"(?<![a-z])rhce(?![a-z])"),
        ("PRINCE2", r"prince\s?2"),
        ("ITIL", r"(?<![a-z])itil(?![a-z])"),
        ("AWS认证", r"aws certified[a-z \-]{0,40}|aws认证"),
        ("六西格玛黑带", r"六西格玛黑带|six sigma black belt|黑带"),
        ("六西格玛绿带", r"六西格玛绿带|six sigma green belt|绿带"),
        ("注册税务师", r"注册税务师"),
        ("法律职业资格", r"法律职业资格|司法考试|司法资格"),
        ("教师资格证", r"教师资格"),
        ("一级建造师", r"一级建造师"),
        ("二级建造师", r"二级建造师"),
        ("人力资源管理师", r"人力资源管理师(?:[一二三四]级)?"),
        ("中级会计师", r"中级会计(?:师|职称)"),
        ("高级会计师", r"高级会计师"),
        ("初级会计师", r"初级会计(?:师|职称)|会计从业资格"),
        ("证券从业资格", r"证券从业"),
        ("基金从业资格", r"基金从业"),
        ("银行从业资格", r"银行从业"),
        ("注册安全工程师", r"注册安全工程师"),
        ("中级职称", r"中级职称|中级工程师"),
        ("高级职称", r"高级职称|高级工程师职称"),
        ("经济师", r"(?:初级|中级|高级)经济师"),
    )
)
# A cheap filter: only lines with one of these literals can name a known certification.
CERT_TRIGGER = re.compile(
    r"pmp|cpa|acca|cfa|frm|cia|cisa|cissp|cc[in][ea]|ccie|rhce|prince|itil|aws|六西格玛|six sigma|黑带|绿带|注册|法律职业|"
    r"司法|教师资格|建造师|人力资源管理师|会计|从业|职称|中级工程师|经济师"
)
CERT_LABEL = re.compile(r"(?:证书|资格证书|资质|certifications?|certificates?)\s?[:：]\s?([^\n]{2,120})")
LANGUAGES: tuple[tuple[str, re.Pattern], ...] = (
    ("英语", re.compile(r"英语|英文|english|cet-?[46]|ielts|雅思|toefl|托福|tem-?[48]")),
    ("日语", re.compile(r"日语|日文|japanese|jlpt")),
    ("韩语", re.compile(r"韩语|韩文|korean")),
    ("法语", re.compile(r"法语|french")),
    ("德语", re.compile(r"德语|german")),
    ("西班牙语", re.compile(r"西班牙语|spanish")),
    ("俄语", re.compile(r"俄语|russian")),
    ("粤语", re.compile(r"粤语|cantonese")),
    ("普通话", re.compile(r"普通话|mandarin")),
)
LANGUAGE_LEVEL = re.compile(
    r"cet-?[46]|大学英语[四六]级|英语[四六]级|[四六]级|专业[四八]级|tem-?[48]|(?:ielts|雅思)\s?\d(?:\.\d)?|(?:toefl|托福)\s?\d{2,3}|"
    r"jlpt\s?n[1-5]|(?<![a-z])n[1-5](?![0-9])|日语[一二三]级|topik\s?[1-6]|native|fluent|proficient|bilingual|"
    r"流利|精通|熟练|良好|母语|一般"
)
