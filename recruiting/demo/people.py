"""Demo people: names (with pinyin for e-mail and WeCom ids), phone numbers, valid-looking resident ID
numbers, schools, companies — and the planted relation between interview scores and performance.

Nothing here touches the database; every function takes the ``random.Random`` it draws from.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from hrportal.decimals import half_up
from recruiting.history.rows import id_check_digit

# (hanzi, pinyin) — common surnames, roughly by frequency.
SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"),
    ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"),
    ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"), ("高", "gao"), ("罗", "luo"), ("郑", "zheng"),
    ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"),
    ("邓", "deng"), ("曹", "cao"), ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"),
    ("潘", "pan"), ("袁", "yuan"), ("蒋", "jiang"), ("蔡", "cai"), ("余", "yu"), ("杜", "du"), ("叶", "ye"),
    ("程", "cheng"), ("魏", "wei"), ("苏", "su"), ("吕", "lv"), ("丁", "ding"), ("任", "ren"), ("沈", "shen"),
    ("姚", "yao"), ("卢", "lu"), ("姜", "jiang"), ("崔", "cui"), ("钟", "zhong"), ("谭", "tan"), ("陆", "lu"),
    ("范", "fan"), ("汪", "wang"), ("廖", "liao"), ("石", "shi"), ("金", "jin"), ("韦", "wei"), ("贾", "jia"),
    ("夏", "xia"), ("付", "fu"), ("方", "fang"), ("邹", "zou"), ("熊", "xiong"), ("白", "bai"), ("孟", "meng"),
    ("秦", "qin"), ("邱", "qiu"), ("侯", "hou"), ("江", "jiang"), ("尹", "yin"), ("薛", "xue"), ("闫", "yan"),
    ("段", "duan"), ("雷", "lei"), ("龙", "long"), ("黎", "li"), ("史", "shi"), ("陶", "tao"), ("贺", "he"),
    ("顾", "gu"), ("毛", "mao"), ("郝", "hao"), ("龚", "gong"), ("邵", "shao"), ("万", "wan"), ("覃", "qin"),
    ("欧阳", "ouyang"), ("司马", "sima"), ("上官", "shangguan"),
)

GIVEN_CHARS_M: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("勇", "yong"), ("杰", "jie"), ("涛", "tao"),
    ("斌", "bin"), ("超", "chao"), ("明", "ming"), ("刚", "gang"), ("平", "ping"), ("辉", "hui"), ("鹏", "peng"),
    ("华", "hua"), ("飞", "fei"), ("鑫", "xin"), ("波", "bo"), ("宇", "yu"), ("浩", "hao"), ("凯", "kai"),
    ("健", "jian"), ("俊", "jun"), ("帆", "fan"), ("帅", "shuai"), ("旭", "xu"), ("宁", "ning"), ("龙", "long"),
    ("林", "lin"), ("阳", "yang"), ("晨", "chen"), ("博", "bo"), ("文", "wen"), ("志", "zhi"), ("海", "hai"),
    ("东", "dong"), ("亮", "liang"), ("建", "jian"), ("国", "guo"), ("子", "zi"), ("轩", "xuan"), ("睿", "rui"),
)
GIVEN_CHARS_F: tuple[tuple[str, str], ...] = (
    ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("艳", "yan"), ("娟", "juan"),
    ("霞", "xia"), ("婷", "ting"), ("雪", "xue"), ("慧", "hui"), ("琳", "lin"), ("颖", "ying"), ("倩", "qian"),
    ("洁", "jie"), ("佳", "jia"), ("欣", "xin"), ("悦", "yue"), ("璐", "lu"), ("蕾", "lei"), ("晶", "jing"),
    ("雯", "wen"), ("萍", "ping"), ("燕", "yan"), ("玲", "ling"), ("琪", "qi"), ("梦", "meng"), ("瑶", "yao"),
    ("思", "si"), ("雨", "yu"), ("梓", "zi"), ("涵", "han"), ("晓", "xiao"), ("月", "yue"), ("嘉", "jia"),
)

# Six-digit administrative division codes of the cities the demo company recruits in.
CITIES: tuple[tuple[str, str, str], ...] = (
    ("上海", "Shanghai", "310104"), ("北京", "Beijing", "110105"), ("深圳", "Shenzhen", "440305"),
    ("杭州", "Hangzhou", "330106"), ("苏州", "Suzhou", "320505"), ("南京", "Nanjing", "320102"),
    ("广州", "Guangzhou", "440106"), ("成都", "Chengdu", "510107"), ("武汉", "Wuhan", "420106"),
    ("西安", "Xi'an", "610113"), ("合肥", "Hefei", "340104"), ("宁波", "Ningbo", "330212"),
)

SCHOOLS: tuple[tuple[str, str], ...] = (
    ("复旦大学", "Fudan University"), ("上海交通大学", "Shanghai Jiao Tong University"),
    ("浙江大学", "Zhejiang University"), ("南京大学", "Nanjing University"), ("同济大学", "Tongji University"),
    ("华东师范大学", "East China Normal University"), ("武汉大学", "Wuhan University"),
    ("华中科技大学", "Huazhong University of Science and Technology"), ("中山大学", "Sun Yat-sen University"),
    ("四川大学", "Sichuan University"), ("西安交通大学", "Xi'an Jiaotong University"),
    ("东南大学", "Southeast University"), ("上海财经大学", "Shanghai University of Finance and Economics"),
    ("苏州大学", "Soochow University"), ("合肥工业大学", "Hefei University of Technology"),
    ("江南大学", "Jiangnan University"), ("上海大学", "Shanghai University"),
    ("浙江工业大学", "Zhejiang University of Technology"), ("南京理工大学", "Nanjing University of Science and Technology"),
    ("宁波大学", "Ningbo University"),
)
COLLEGES: tuple[tuple[str, str], ...] = (
    ("上海工程技术大学", "Shanghai University of Engineering Science"),
    ("苏州工业职业技术学院", "Suzhou Vocational Institute of Industrial Technology"),
    ("浙江机电职业技术学院", "Zhejiang Institute of Mechanical & Electrical Engineering"),
    ("深圳职业技术学院", "Shenzhen Polytechnic"),
    ("南京工业职业技术大学", "Nanjing Vocational University of Industry Technology"),
)

COMPANY_PREFIXES = ("华东", "云帆", "远景", "瑞丰", "中鼎", "启明", "恒达", "博远", "新创", "汇通", "领航", "锦程",
                    "天工", "海纳", "卓越", "长风", "明德", "金桥", "润泽", "智联")
COMPANY_PREFIXES_EN = ("Huadong", "Yunfan", "Vista", "Ruifeng", "Zhongding", "Qiming", "Hengda", "Boyuan", "Xinchuang",
                       "Huitong", "Linghang", "Jincheng", "Tiangong", "Haina", "Zhuoyue", "Changfeng", "Mingde",
                       "Jinqiao", "Runze", "Zhilian")
COMPANY_KINDS = (("科技有限公司", "Technology Co., Ltd."), ("智能装备股份有限公司", "Intelligent Equipment Co., Ltd."),
                 ("零售连锁有限公司", "Retail Chain Co., Ltd."), ("信息技术有限公司", "Information Technology Co., Ltd."),
                 ("制造有限公司", "Manufacturing Co., Ltd."), ("供应链管理有限公司", "Supply Chain Co., Ltd."),
                 ("金融服务有限公司", "Financial Services Co., Ltd."))


@dataclass(frozen=True)
class Person:
    name: str
    pinyin_given: str
    pinyin_surname: str
    male: bool
    birth_date: date
    city: str
    city_en: str
    area_code: str

    @property
    def name_en(self) -> str:
        return f"{self.pinyin_given.capitalize()} {self.pinyin_surname.capitalize()}"

    @property
    def pinyin(self) -> str:
        return self.pinyin_surname + self.pinyin_given


class PeopleFactory:
    """Draws unique people, phone numbers and e-mail addresses from one random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._phones: set[str] = set()
        self._ids: set[str] = set()
        self._handles: set[str] = set()

    def person(self, *, born_between: tuple[int, int] = (1980, 2000)) -> Person:
        rng = self.rng
        surname, surname_py = rng.choice(SURNAMES)
        male = rng.random() < 0.55
        pool = GIVEN_CHARS_M if male else GIVEN_CHARS_F
        chars = [rng.choice(pool)] if rng.random() < 0.35 else [rng.choice(pool), rng.choice(pool)]
        given = "".join(c for c, _ in chars)
        given_py = "".join(p for _, p in chars)
        year = rng.randint(*born_between)
        birth = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
        city, city_en, area = rng.choice(CITIES)
        return Person(surname + given, given_py, surname_py, male, birth, city, city_en, area)

    def phone(self) -> str:
        while True:
            prefix = self.rng.choice(("135", "136", "137", "138", "139", "150", "151", "152", "158", "159",
                                      "177", "180", "181", "186", "187", "188", "189", "199"))
            number = prefix + f"{self.rng.randint(0, 99_999_999):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def id_number(self, person: Person) -> str:
        while True:
            seq = self.rng.randint(0, 499) * 2 + (1 if person.male else 0)  # odd = male, even = female
            first17 = f"{person.area_code}{person.birth_date:%Y%m%d}{seq:03d}"
            value = first17 + id_check_digit(first17)
            if value not in self._ids:
                self._ids.add(value)
                return value

    def handle(self, person: Person) -> str:
        """A unique lowercase pinyin handle (wangwei, wangwei2, ...) for e-mail and WeCom ids."""
        base = person.pinyin
        handle, n = base, 1
        while handle in self._handles:
            n += 1
            handle = f"{base}{n}"
        self._handles.add(handle)
        return handle

    def personal_email(self, person: Person) -> str:
        style = self.rng.randrange(3)
        local = (
            f"{person.pinyin}{self.rng.randint(10, 9999)}" if style == 0
            else f"{person.pinyin_given}.{person.pinyin_surname}{self.rng.randint(1, 99)}" if style == 1
            else f"{person.pinyin_surname}_{person.pinyin_given}{person.birth_date:%y}{self.rng.randint(1, 999)}"
        )
        domain = self.rng.choice(("example.com", "example.net", "example.org", "mail.example.cn"))
        return f"{local}@{domain}"

    def company(self) -> tuple[str, str]:
        i = self.rng.randrange(len(COMPANY_PREFIXES))
        city, city_en, _ = self.rng.choice(CITIES)
        kind_zh, kind_en = self.rng.choice(COMPANY_KINDS)
        return f"{city}{COMPANY_PREFIXES[i]}{kind_zh}", f"{city_en} {COMPANY_PREFIXES_EN[i]} {kind_en}"


def salary_in(rng: random.Random, low: Decimal, high: Decimal) -> Decimal:
    """A monthly salary in [low, high], a multiple of 50 yuan but never of 1,000 (so it cannot be
    mistaken for a position's round salary bound in the raw-dump check)."""
    steps = int((high - low) / 50)
    value = low + 50 * rng.randint(1, max(1, steps - 1))
    if value % 1000 == 0:
        value += 150
    return Decimal(value).quantize(Decimal("0.01"))


# --- The planted relation (docs/demo-data.md states it exactly) ------------------------------------

PLANTED_BASE = Decimal("62")
PLANTED_TOP_COEF = 5
PLANTED_SECOND_COEF = 3
PLANTED_LEADERSHIP_BONUS = 4
PLANTED_LEADERSHIP_MIN_YEARS = 3
PLANTED_NOISE_SD = 4.0
RATING_THRESHOLDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal("85"), "S"), (Decimal("75"), "A"), (Decimal("60"), "B"), (Decimal("50"), "C"),
)


def planted_performance_mean(*, top: int, second: int, team_lead_years: int, leadership_role: bool) -> Decimal:
    """Expected review score of a hire: 62 + 5·(top − 3) + 3·(second − 3) + 4·[leadership role and
    managed a team ≥ 3 years]. ``top``/``second`` are the interview scores on the position's highest-
    and second-highest-weighted dimensions; every other dimension carries no signal."""
    bonus = PLANTED_LEADERSHIP_BONUS if leadership_role and team_lead_years >= PLANTED_LEADERSHIP_MIN_YEARS else 0
    return PLANTED_BASE + PLANTED_TOP_COEF * (top - 3) + PLANTED_SECOND_COEF * (second - 3) + bonus


def noisy_score(rng: random.Random, mean: Decimal, sd: float = PLANTED_NOISE_SD) -> Decimal:
    """mean + N(0, sd), clipped to 0–100, one decimal."""
    value = float(mean) + rng.gauss(0.0, sd)
    value = min(100.0, max(0.0, value))
    return half_up(value, "0.1")


def rating_for(score: Decimal) -> str:
    for threshold, rating in RATING_THRESHOLDS:
        if score >= threshold:
            return rating
    return "D"
