"""The legal checks' problems (payroll/offers/checks.py, pure) as the sentences HR reads, Chinese first."""

from __future__ import annotations

from django.utils.translation import gettext as _

from payroll.offers.checks import Problem


def describe(problem: Problem) -> str:
    p = problem.params
    texts = {
        "term_missing": lambda: _("固定期限劳动合同须填写合同期限（月）。"),
        "probation_not_allowed": lambda: _(
            "以完成一定工作任务为期限或期限不满三个月的劳动合同不得约定试用期（劳动合同法第十九条）。"),
        "probation_too_long": lambda: _(
            "试用期 %(months)s 个月超过法定上限：该合同期限最多约定 %(max)s 个月（劳动合同法第十九条）。") % p,
        "probation_repeated": lambda: _(
            "同一用人单位与同一劳动者只能约定一次试用期：此人已在本公司约定过试用期（劳动合同法第十九条）。"),
        "probation_pay_missing": lambda: _("请填写试用期工资。"),
        "probation_pay_below_80": lambda: _(
            "试用期工资 %(pay)s 元低于约定工资 %(wage)s 元的百分之八十（%(floor)s 元）（劳动合同法第二十条）。") % p,
        "probation_pay_below_minimum": lambda: _(
            "试用期工资 %(pay)s 元低于工作城市的最低工资标准 %(minimum)s 元（劳动合同法第二十条）。") % p,
        "minimum_wage_unknown": lambda: _("工作城市在入职日期没有最低工资标准，请先在社保政策中维护。"),
        "wage_below_minimum": lambda: _("约定工资 %(wage)s 元低于工作城市的最低工资标准 %(minimum)s 元。") % p,
    }
    return texts[problem.code]() if problem.code in texts else problem.message
