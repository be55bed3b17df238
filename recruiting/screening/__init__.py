"""The resume screening engine: extraction, normalisation, parsing and scoring, in pure Python.

Nothing in this package imports Django, so it can be tested and benchmarked on its own; the model →
engine adapter lives in ``recruiting.engine_inputs``. See docs/screening.md.
"""

from .extract import extract_text, iter_batch, iter_paths
from .extracted import BatchItem, ExtractedText, ExtractionError
from .lexicon import SkillLexicon
from .limits import DEFAULT_LIMITS, Limits
from .model import (
    DEFAULT_WEIGHTS,
    CompetencySpec,
    ComponentWeights,
    PositionModel,
    RequiredSkill,
    ScreeningResult,
)
from .normalise import NormalisedText, normalise
from .ocr import ocr_available
from .parse import ParsedResume, ResumeParser, parse_resume
from .scoring import ENGINE_VERSION, ScreeningEngine
from .weights import historical_weights

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_WEIGHTS",
    "ENGINE_VERSION",
    "BatchItem",
    "CompetencySpec",
    "ComponentWeights",
    "ExtractedText",
    "ExtractionError",
    "Limits",
    "NormalisedText",
    "ParsedResume",
    "PositionModel",
    "RequiredSkill",
    "ResumeParser",
    "ScreeningEngine",
    "ScreeningResult",
    "SkillLexicon",
    "extract_text",
    "historical_weights",
    "iter_batch",
    "iter_paths",
    "normalise",
    "ocr_available",
    "parse_resume",
]
