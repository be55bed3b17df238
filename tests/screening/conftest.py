"""Shared fixtures of the screening engine tests: the demo lexicon, one engine per test session (jieba's
dictionary loads once), and a fixed "today" so that 至今 means the same month in every run."""

from __future__ import annotations

from datetime import date

import pytest

from recruiting.demo.skills import SKILLS
from recruiting.screening import ScreeningEngine, SkillLexicon

AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="session")
def lexicon() -> SkillLexicon:
    return SkillLexicon.from_entries([(name, aliases) for name, _, aliases in SKILLS] + [("Django", ["django框架"])])


@pytest.fixture(scope="session")
def engine(lexicon) -> ScreeningEngine:
    return ScreeningEngine(lexicon, user_words=["沟通能力", "沟通", "协调", "业绩", "目标", "带领", "团队"])
