"""Benchmark of the interview engines (pure Python, no database): prints seconds, asserts nothing.

    .venv/bin/python bench/interviews.py [--positions 100] [--answers 10000] [--pairs 50000]

Targets from issue 4: banks for 100 positions < 5 s; AI-score 10,000 answers < 20 s; calibration over
50,000 pairs < 10 s. Inputs are synthetic but shaped like the real thing (5–8 competencies per position,
2–4 must-have skills, zh and en answers of 20–400 characters).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interviews.engine.answer_scoring import score_answer  # noqa: E402
from interviews.engine.calibration import CalibrationPair, calibration_report, fit_recalibration  # noqa: E402
from interviews.engine.notes import NoteSegment, structure_notes  # noqa: E402
from interviews.engine.questions import CompetencySpec, PositionSpec, QuestionType, generate_question_bank  # noqa: E402

COMPETENCIES = [
    ("COMM", "沟通能力", "Communication", ["沟通", "协调", "说服"]),
    ("DRIVE", "结果导向", "Drive for results", ["业绩", "目标", "超额"]),
    ("TEAM", "团队协作", "Teamwork", ["协作", "配合", "团队"]),
    ("PLAN", "产品规划能力", "Product planning", ["规划", "roadmap", "迭代"]),
    ("CUST", "客户导向", "Customer focus", ["客户", "需求", "满意度"]),
    ("LEARN", "学习能力", "Learning agility", ["学习", "掌握", "总结"]),
    ("LEAD", "领导力", "Leadership", ["带领", "激励", "团队"]),
    ("ANALYT", "数据分析能力", "Analytical thinking", ["数据", "分析", "指标"]),
    ("INNOV", "创新能力", "Innovation", ["创新", "改进", "新方法"]),
    ("PRESS", "抗压能力", "Resilience", ["压力", "冷静", "坚持"]),
    ("EXEC", "执行力", "Execution", ["执行", "落地", "按时"]),
    ("INTEG", "诚信正直", "Integrity", ["诚信", "原则", "合规"]),
]
SKILLS = ["Python", "SQL", "Excel", "CRM", "Java", "Tableau", "商务谈判", "项目管理", "Axure", "SAP", "财务分析", "Figma"]
DUTIES = "负责大客户开发与维护；制定季度销售计划；协调售前与交付团队；跟踪回款并分析业绩数据；推动产品迭代"

ANSWER_PARTS_ZH = [
    "2022年我在上一家公司负责华东区的大客户销售，当时季度目标是800万元。",
    "我的任务是在最后一个月把差距补上。",
    "首先，我梳理了CRM里的32个重点客户，按成交概率分成三档；",
    "其次，我主导和5家核心客户逐一沟通续约方案，并协调售前团队两周内完成了3场演示。",
    "因为预算有限，我把资源集中在成交概率最高的10个客户上。",
    "最终季度业绩达到920万元，完成率115%。",
    "我们团队做得很好，大家都很努力。",
    "这个问题我觉得主要还是看情况吧。",
]
ANSWER_PARTS_EN = [
    "In 2021 I was the account lead for our three largest retail clients.",
    "My goal was to cut the churn that had hit 12% that year.",
    "First I analysed six months of support tickets in SQL.",
    "I then designed a two-week onboarding plan and persuaded product to add a checklist.",
    "As a result churn fell to 4% within two quarters and we renewed contracts worth $1.2 million.",
    "We worked really hard as a team and did a great job.",
]


def make_positions(n: int, rng: random.Random) -> list[PositionSpec]:
    positions = []
    for i in range(n):
        picked = rng.sample(COMPETENCIES, rng.randint(5, 8))
        comps = tuple(
            CompetencySpec(
                code=code, name_zh=zh, name_en=en, anchor_1="行为表现不足", anchor_3="基本达到要求",
                anchor_5=f"{zh}突出，能带动他人", evidence_keywords=tuple(kw), weight=100 / len(picked),
                needs_pressure=rng.random() < 0.3,
            )
            for code, zh, en, kw in picked
        )
        positions.append(PositionSpec(
            code=f"P-{i:04d}", title_zh=f"岗位{i}", title_en=f"Role {i}", duties=DUTIES, competencies=comps,
            must_have_skills=tuple(rng.sample(SKILLS, rng.randint(2, 4))),
        ))
    return positions


def make_answer(rng: random.Random) -> str:
    parts = ANSWER_PARTS_ZH if rng.random() < 0.75 else ANSWER_PARTS_EN
    return "".join(rng.sample(parts, rng.randint(1, len(parts)))) if parts is ANSWER_PARTS_ZH else " ".join(
        rng.sample(parts, rng.randint(1, len(parts)))
    )


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - start:.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=100)
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=50_000)
    args = parser.parse_args()
    rng = random.Random(20240601)

    positions = make_positions(args.positions, rng)
    banks = timed(f"question banks for {len(positions)} positions", lambda: [generate_question_bank(p) for p in positions])
    print(f"  questions: {sum(len(b.questions) for b in banks)}, uncovered pairs: {sum(len(b.missing) for b in banks)}")

    comps = [c for p in positions[:10] for c in p.competencies]
    types = list(QuestionType)
    items = [(make_answer(rng), rng.choice(comps), rng.choice(types)) for _ in range(args.answers)]
    print(f"  mean answer length: {sum(len(t) for t, _, _ in items) / len(items):.0f} characters")
    scores = timed(f"AI-score {len(items)} answers", lambda: [score_answer(t, c, q) for t, c, q in items])
    timed(f"structured notes for {len(items) // 10} interviews of 10 answers", lambda: [
        structure_notes([NoteSegment(t, str(j), c.code) for j, (t, c, _) in enumerate(items[k:k + 10])], comps[:6])
        for k in range(0, len(items), 10)
    ])

    pairs = []
    for i in range(args.pairs):
        human = rng.randint(1, 5)
        ai = min(5, max(1, human + rng.choice((-2, -1, 0, 0, 0, 0, 1, 1))))
        pairs.append(CalibrationPair(ai=ai, human=human, competency=rng.choice(COMPETENCIES)[0],
                                     interviewer=f"iv{i % 150}", interview=f"int{i // 3}"))
    report = timed(f"calibration report over {len(pairs)} pairs", lambda: calibration_report(pairs))
    print(f"  qwk {report.overall.qwk}, difference rate {report.overall.difference_rate}, alerts {len(report.alerts)}")
    raw = [p.human + rng.gauss(0.5, 0.8) for p in pairs]
    recal = timed(f"isotonic recalibration fit over {len(pairs)} pairs",
                  lambda: fit_recalibration(raw, [p.human for p in pairs]))
    timed(f"apply recalibration to {len(scores)} new suggestions", lambda: [recal.suggest(s.raw) for s in scores])
    print(f"  thresholds: {len(recal.x_thresholds)}, holdout: {recal.holdout}")


if __name__ == "__main__":
    main()
