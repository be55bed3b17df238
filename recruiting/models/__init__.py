"""The recruiting app's models, one module per part (Django loads them from here):

- ``ehr``: departments, skills, competencies, positions with their competency model, employees and reviews;
- ``candidates``: candidates and applications with the stage pipeline and its history;
- ``intake``: resume intake batches, stored resumes, items and uploads;
- ``screening``: weight sets, screening runs and results;
- ``careers``: the careers page's settings (company, logo, privacy notice);
- ``analytics``: the monthly pipeline slices the recruiting analytics read.
"""

from recruiting.models.analytics import PipelineSlice, PipelineSliceChange  # noqa: F401
from recruiting.models.candidates import (  # noqa: F401
    Application,
    ApplicationCompetencyScore,
    ApplicationStageChange,
    Candidate,
    IllegalStageMove,
)
from recruiting.models.careers import CareersSettings  # noqa: F401
from recruiting.models.ehr import (  # noqa: F401
    EDUCATION_RANK,
    Competency,
    Department,
    Education,
    Employee,
    PerformanceReview,
    Position,
    PositionCompetency,
    SensitiveData,
    Skill,
)
from recruiting.models.intake import (  # noqa: F401
    IntakeBatch,
    IntakeItem,
    IntakeUpload,
    Resume,
)
from recruiting.models.screening import (  # noqa: F401
    ScreeningResult,
    ScreeningRun,
    ScreeningRunItem,
    ScreeningWeightSet,
)
