"""Beijing and Shanghai social-insurance and housing-fund rules for the contribution years from 2024-07 and
2025-07, and their minimum wages, from ../shared/reference/china-rules.md §2 and §3.5. Each row cites its
source; what the reference marks UNVERIFIED is said in the row's ``unverified`` text (shown on the policy page).
Admins edit these rows or add cities in Django admin."""

import datetime as dt
from decimal import Decimal as D

from django.db import migrations

LINIANHUI = "linianhui/blog src/tool/tax/insurances.js"
BJ_2019 = "https://www.i-admin.com/news/china-adjustments-for-social-insurance-housing-fund-base-rate/"
SH_2019 = "https://www.i-admin.com/news/china-adjustments-for-shanghai-social-insurance-base-rate-effective-from-1st-may-2019/"
SH_ROUNDING = "zhaiyz/salarycalculator README.md (SI to 0.1 yuan rounded up, HF to the yuan half up)"
TALENT_SPOT = "https://www.talent-spot.com/key-adjustments-in-chinese-cities.html (Source: Shanghai HRSS Bureau)"


def period(start, end):
    return dt.date(*start), (dt.date(*end) if end else None)


def beijing(start, end, si, hf, si_source, hf_source, hf_unverified=""):
    valid_from, valid_to = period(start, end)
    lo, hi = D(si[0]), D(si[1])
    common = dict(valid_from=valid_from, valid_to=valid_to, rounding="fen_half_up")
    rounding_note = "Rounding rule UNVERIFIED for Beijing (reference §2); fen, half up assumed."
    return [
        dict(line="pension", base_lower=lo, base_upper=hi, employer_rate=D("0.16"), employee_rate=D("0.08"),
             source=f"{si_source}; rates [S] {BJ_2019}", unverified=rounding_note, **common),
        dict(line="medical", base_lower=lo, base_upper=hi, employer_rate=D("0.098"), employee_rate=D("0.02"),
             employee_fixed=D("3"), source=f"{si_source}; employee 2% + 3 yuan 大额医疗互助 [S] {BJ_2019}",
             unverified="Whether the employer's 9.8% includes maternity (0.8%) is UNVERIFIED; treated as included. "
                        "The +3 yuan comes from a 2019 table (UNVERIFIED for this year). " + rounding_note, **common),
        dict(line="unemployment", base_lower=lo, base_upper=hi, employer_rate=D("0.005"), employee_rate=D("0.005"),
             source=f"{si_source} [S]", unverified=rounding_note, **common),
        dict(line="work_injury", base_lower=lo, base_upper=hi, employer_rate=D("0.004"), employee_rate=D("0"),
             source=f"{si_source}: 0.2%–1.9% by industry class, example configuration 0.4% [S]",
             unverified="The rate depends on the company's industry class: set yours. " + rounding_note, **common),
        dict(line="housing_fund", base_lower=D(hf[0]), base_upper=D(hf[1]), employer_rate=D("0.12"), employee_rate=D("0.12"),
             source=f"{hf_source}; rate 5%–12% each side, employer's choice (12% configured)",
             unverified=(hf_unverified + " " + rounding_note).strip(), **common),
    ]


def shanghai(start, end, si, hf, si_source, hf_source):
    valid_from, valid_to = period(start, end)
    lo, hi = D(si[0]), D(si[1])
    common = dict(valid_from=valid_from, valid_to=valid_to)
    rounding_note = f"Rounding from a 2018-era calculator [S] ({SH_ROUNDING}): confirm before use."
    return [
        dict(line="pension", base_lower=lo, base_upper=hi, employer_rate=D("0.16"), employee_rate=D("0.08"),
             rounding="jiao_up", source=f"{si_source}; rates [S] {SH_2019}", unverified=rounding_note, **common),
        dict(line="medical", base_lower=lo, base_upper=hi, employer_rate=D("0.09"), employee_rate=D("0.02"),
             rounding="jiao_up", source=f"{si_source}; employer 9% 含生育 as in 2024 configurations in public code [S]",
             unverified="Employer medical rate incl. maternity UNVERIFIED: the 2019 notice gave 9.5% + 1%, other pages say 10%. "
                        + rounding_note, **common),
        dict(line="unemployment", base_lower=lo, base_upper=hi, employer_rate=D("0.005"), employee_rate=D("0.005"),
             rounding="jiao_up", source=f"{si_source} [S]", unverified=rounding_note, **common),
        dict(line="work_injury", base_lower=lo, base_upper=hi, employer_rate=D("0.0016"), employee_rate=D("0"),
             rounding="jiao_up", source=f"{si_source}; 0.16%–1.52% by industry (2019 notice) [S] {SH_2019}",
             unverified="The rate depends on the company's industry class (lowest class configured): set yours. "
                        + rounding_note, **common),
        dict(line="housing_fund", base_lower=D(hf[0]), base_upper=D(hf[1]), employer_rate=D("0.07"), employee_rate=D("0.07"),
             rounding="yuan_half_up", source=f"{hf_source}; rate 5%–7% each side (7% configured), supplementary fund 1–5% optional",
             unverified=rounding_note, **common),
    ]


def load(apps, schema_editor):
    City = apps.get_model("payroll", "City")
    Rule = apps.get_model("payroll", "ContributionRule")
    MinimumWage = apps.get_model("payroll", "MinimumWage")
    bj, _ = City.objects.get_or_create(code="beijing", defaults={"name": "北京", "name_en": "Beijing"})
    sh, _ = City.objects.get_or_create(code="shanghai", defaults={"name": "上海", "name_en": "Shanghai"})
    rows = [
        (bj, beijing((2024, 7, 1), (2025, 6, 30), ("6821", "35283"), ("2420", "35283"),
                     f"SI base 6,821–35,283 [S] {LINIANHUI} (commit be8bd4f, 2024-07-31); official doc number UNVERIFIED",
                     "HF base 2,420–35,283 [O] Beijing HF Management Committee notice 2024-07-31, reposted at http://www.adanworld.com/gjj/802078.html")),
        (bj, beijing((2025, 7, 1), None, ("7162", "35811"), ("2540", "35811"),
                     f"SI base 7,162–35,811 [S] {LINIANHUI} (commit 7d62155, 2025-09-18)",
                     "HF base 2,540–35,811 [S] public test code", hf_unverified="HF bounds 2025 UNVERIFIED against the official notice.")),
        (sh, shanghai((2024, 7, 1), (2025, 6, 30), ("7384", "36921"), ("2690", "36921"),
                      "SI base 7,384–36,921 (2024-07-01 to 2025-06-30) [S] public code; = 60%/300% of the 2023 average wage 12,307",
                      "HF base 2,690–36,921 [S] public code")),
        (sh, shanghai((2025, 7, 1), None, ("7460", "37302"), ("2690", "37302"),
                      f"SI base 7,460–37,302; 2024 average wage 12,434 [S] {TALENT_SPOT}",
                      "HF base 2,690–37,302 沪公积金管委会〔2025〕8号 as quoted in public test code [S]")),
    ]
    for city, lines in rows:
        for line in lines:
            Rule.objects.update_or_create(city=city, line=line["line"], valid_from=line["valid_from"],
                                          defaults={k: v for k, v in line.items() if k not in ("line", "valid_from")})
    MinimumWage.objects.update_or_create(city=bj, valid_from=dt.date(2025, 9, 1), defaults=dict(
        monthly=D("2540"), source="京人社 No. 7 [2025] via https://www.talent-spot.com/key-adjustments-in-chinese-cities.html [S]",
        unverified="Exact effective date UNVERIFIED (believed 2025-09-01)."))
    MinimumWage.objects.update_or_create(city=bj, valid_from=dt.date(2024, 1, 1), defaults=dict(
        monthly=D("2420"), source="previous Beijing minimum wage, as given with the 2025 figure [S]",
        unverified="Effective date of the 2,420 figure UNVERIFIED."))
    MinimumWage.objects.update_or_create(city=sh, valid_from=dt.date(2025, 7, 1), defaults=dict(
        monthly=D("2740"), source="https://www.10100.com/article/1972071 [S]", unverified=""))
    MinimumWage.objects.update_or_create(city=sh, valid_from=dt.date(2024, 1, 1), defaults=dict(
        monthly=D("2690"), source="previous Shanghai minimum wage, as given with the 2025 figure [S]",
        unverified="Effective date of the 2,690 figure UNVERIFIED."))


class Migration(migrations.Migration):
    dependencies = [("payroll", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
