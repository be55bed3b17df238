"""Resume texts shared by the screening service, run, view and worker tests."""

from __future__ import annotations

STRONG_RESUME = """王强
电话：13811112222  邮箱：wangqiang@example.com
工作经历
2015.03-至今  上海某某科技有限公司  销售经理
负责华东区销售团队，带领 8 人团队，年度业绩超额完成目标 120%，善于沟通协调客户关系。
使用 Python 做销售数据分析。
教育背景
2011.09-2015.06  复旦大学  市场营销  本科
"""

WEAK_RESUME = """李弱
电话：13933334444
工作经历
2023.01-至今  某贸易公司  销售助理
协助整理客户资料。
教育背景
2019.09-2022.06  某职业学院  大专
"""


def numbered_resume(index: int) -> str:
    years = 1 + index % 9
    skills = "Python、" if index % 2 == 0 else ""
    return (
        f"候选人{index}\n电话：139{index:08d}\n工作经历\n{2024 - years}.01-至今  某公司{index}  销售经理\n"
        f"负责客户沟通与协调，完成业绩目标。熟悉{skills}Excel。\n教育背景\n2010.09-2014.06  某大学  本科\n"
    )
