"""Pure computation engines of the interviews app (no Django imports).

- ``questions``: builds a balanced, bilingual question bank for a position from its competency model.
- ``answer_scoring``: suggests a 1–5 score for one answer against one competency, with evidence spans.
- ``notes``: turns answer/transcript segments into structured notes and "still to assess" prompts.
- ``calibration``: AI-vs-human agreement metrics, alerts and an isotonic recalibration.

Inputs are plain frozen dataclasses (``PositionSpec``, ``CompetencySpec``) so the Django side only needs a
small model → spec adapter; outputs carry the engine version so stored results can be explained later.
"""

from interviews.engine.answer_scoring import ENGINE_VERSION, AnswerScore, score_answer
from interviews.engine.calibration import (
    CALIBRATION_VERSION,
    AgreementStats,
    CalibrationPair,
    CalibrationReport,
    Recalibration,
    calibration_report,
    fit_recalibration,
)
from interviews.engine.notes import NOTES_VERSION, StructuredNotes, structure_notes
from interviews.engine.questions import (
    GENERATOR_VERSION,
    CompetencySpec,
    GeneratedQuestion,
    PositionSpec,
    QuestionBank,
    QuestionType,
    generate_question_bank,
)

__all__ = [
    "CALIBRATION_VERSION",
    "ENGINE_VERSION",
    "GENERATOR_VERSION",
    "NOTES_VERSION",
    "AgreementStats",
    "AnswerScore",
    "CalibrationPair",
    "CalibrationReport",
    "CompetencySpec",
    "GeneratedQuestion",
    "PositionSpec",
    "QuestionBank",
    "QuestionType",
    "Recalibration",
    "StructuredNotes",
    "calibration_report",
    "fit_recalibration",
    "generate_question_bank",
    "score_answer",
    "structure_notes",
]
