"""What the parser returns: ``ParsedResume`` with its education and experience entries (the CLI contract
of ``manage.py parse_resume --json`` is ``ParsedResume.to_json``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import DateRange, YearMonth
from .normalise import NormalisedText

Span = tuple[int, int]


@dataclass
class EducationEntry:
    degree: str | None
    school: str | None
    major: str | None
    start: YearMonth | None
    end: YearMonth | None
    current: bool
    span: Span

    def to_json(self) -> dict:
        return {
            "degree": self.degree,
            "school": self.school,
            "major": self.major,
            "start": self.start.iso() if self.start else None,
            "end": self.end.iso() if self.end else None,
        }


@dataclass
class ExperienceEntry:
    company: str | None
    title: str | None
    start: YearMonth
    end: YearMonth | None
    current: bool
    span: Span
    months: int = 0
    range: DateRange | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict:
        return {
            "company": self.company,
            "title": self.title,
            "start": self.start.iso(),
            "end": self.end.iso() if self.end else None,
            "current": self.current,
        }


@dataclass
class ParsedResume:
    text: str
    as_of: YearMonth
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    education: list[EducationEntry] = field(default_factory=list)
    highest_degree: str | None = None
    experience: list[ExperienceEntry] = field(default_factory=list)
    years_experience: float = 0.0
    years_source: str = "none"  # dated | stated | none
    titles: list[str] = field(default_factory=list)  # job titles, each cut at its own boundary
    professional_titles: list[str] = field(default_factory=list)  # 职称: 高级经济师, 会计师, 教授…
    positions: list[dict] = field(default_factory=list)  # {title, organisation, start, end, current}
    skills: list[str] = field(default_factory=list)
    skill_mentions: dict[str, int] = field(default_factory=dict)  # canonical skill → number of mentions
    certifications: list[str] = field(default_factory=list)
    team_size_max: int | None = None
    languages: list[dict] = field(default_factory=list)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)
    # The normalised text with e-mail addresses and URLs blanked (what skills and terms are matched in).
    masked: NormalisedText | None = field(default=None, repr=False, compare=False)

    def evidence_text(self, key: str) -> list[str]:
        """The text behind each evidence span of ``key`` (for display and tests)."""
        return [self.text[start:end] for start, end in self.evidence.get(key, [])]

    def to_json(self, *, include_evidence: bool = True) -> dict:
        """The CLI contract of ``manage.py parse_resume --json`` (plus a few extra keys)."""
        data = {
            "name": self.name,
            "phone": self.phone,
            "email": self.email,
            "highest_degree": self.highest_degree,
            "education": [entry.to_json() for entry in self.education],
            "experience": [entry.to_json() for entry in self.experience],
            "titles": list(self.titles),
            "professional_titles": list(self.professional_titles),
            "positions": [dict(item) for item in self.positions],
            "years_experience": self.years_experience,
            "years_source": self.years_source,
            "skills": list(self.skills),
            "team_size_max": self.team_size_max,
            "certifications": list(self.certifications),
            "languages": [dict(item) for item in self.languages],
            "sections": list(self.sections),
            "as_of": self.as_of.iso(),
        }
        if include_evidence:
            data["evidence"] = {key: [list(span) for span in spans] for key, spans in sorted(self.evidence.items())}
        return data
