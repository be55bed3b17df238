"""manage.py parse_resume FILE [--json] — extract and parse one resume, print what the parser found.

With --json it prints one JSON object (the CLI contract of issue 3: name, phone, email, highest_degree,
education, experience, titles, years_experience, skills, team_size_max, plus certifications, languages and
evidence spans; since issue 13 also professional_titles and positions). A file that cannot be read prints {"file": ..., "error": {...}} and exits with status 1.
"""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from recruiting.engine_inputs import lexicon_from_database
from recruiting.screening import ResumeParser, iter_paths, normalise


def _language() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "zh"


class Command(BaseCommand):
    help = "Extract and parse one resume file (PDF, DOCX, TXT/MD, HTML) and print the structured result."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the resume file")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--evidence", action="store_true", help="include evidence spans in the JSON output")
        parser.add_argument("--as-of", help="date that 'present' means, YYYY-MM-DD (default: today, Asia/Shanghai)")

    def handle(self, *args, file, json=False, evidence=False, as_of=None, **options):
        as_of_date = _parse_date(as_of)
        item = next(iter_paths([file]))
        if item.error is not None:
            if json:
                self.stdout.write(_dumps({"file": file, "error": item.error.to_json()}))
            raise CommandError(_("%(file)s：%(message)s") % {"file": file, "message": item.error.message(_language())})
        extracted = item.result
        parsed = ResumeParser(lexicon_from_database()).parse(normalise(extracted.text), as_of=as_of_date)
        if json:
            data = {"file": file, **parsed.to_json(include_evidence=evidence)}
            data.update({"format": extracted.kind, "ocr": extracted.ocr, "truncated": extracted.truncated})
            self.stdout.write(_dumps(data))
            return
        self._print_summary(file, parsed)

    def _print_summary(self, file: str, parsed) -> None:
        none = _("（未找到）")
        lines = [
            _("文件：%(v)s") % {"v": file},
            _("姓名：%(v)s") % {"v": parsed.name or none},
            _("电话：%(v)s") % {"v": parsed.phone or none},
            _("邮箱：%(v)s") % {"v": parsed.email or none},
            _("最高学历：%(v)s") % {"v": parsed.highest_degree or none},
            _("工作年限：%(v)s 年") % {"v": parsed.years_experience},
            _("技能：%(v)s") % {"v": "、".join(parsed.skills) or none},
            _("最大团队规模：%(v)s") % {"v": parsed.team_size_max or none},
            _("职务：%(v)s") % {"v": "、".join(parsed.titles) or none},
            _("职称：%(v)s") % {"v": "、".join(parsed.professional_titles) or none},
        ]
        for entry in parsed.education:
            lines.append(
                _("教育：%(start)s–%(end)s %(school)s %(major)s %(degree)s")
                % {
                    "start": entry.start.iso() if entry.start else "?", "end": entry.end.iso() if entry.end else "?",
                    "school": entry.school or "", "major": entry.major or "", "degree": entry.degree or "",
                }
            )
        for entry in parsed.experience:
            lines.append(
                _("工作：%(start)s–%(end)s %(company)s %(title)s")
                % {
                    "start": entry.start.iso(), "end": entry.end.iso() if entry.end else _("至今"),
                    "company": entry.company or "", "title": entry.title or "",
                }
            )
        for line in lines:
            self.stdout.write(line)


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("日期格式应为 YYYY-MM-DD：%(v)s") % {"v": value}) from exc

