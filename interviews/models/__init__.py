"""The interviews app's models, one module per feature (Django loads them from here):

- ``bank``: question bank and interview plans — only approved questions are ever asked (``RoundQuestion``);
- ``schedule``: the interview and its status pipeline (``InterviewStatus.TRANSITIONS``, ``Interview.set_status``);
- ``room``: notes, scorecards and AI suggestions;
- ``decision``: recalibration models, interview weight sets and the hiring decision;
- ``fairness``: voluntary self-identification for the bias audit, and the stored audits.
- ``surveys``: feedback survey templates, invitations, responses, remarks and suggestions.
"""

from interviews.models.bank import (  # noqa: F401
    QUESTION_MINUTES,
    CoverageGap,
    InterviewPlan,
    InterviewRound,
    Question,
    QuestionType,
    RoundQuestion,
    TimeBudget,
)
from interviews.models.decision import (  # noqa: F401
    HiringDecision,
    InterviewWeightSet,
    RecalibrationModel,
)
from interviews.models.fairness import (  # noqa: F401
    AgeBand,
    BiasAudit,
    Gender,
    SchoolTier,
    SelfIdentification,
)
from interviews.models.room import (  # noqa: F401
    AISuggestion,
    AudioChunk,
    NoteSegment,
    QuestionScore,
    Recommendation,
    RecordingConsent,
    Scorecard,
    ScorecardScore,
)
from interviews.models.schedule import (  # noqa: F401
    BLOCKING_INTERVIEW_STATUSES,
    INTERVIEW_TRANSITIONS,
    OPEN_INTERVIEW_STATUSES,
    REASON_REQUIRED_STATUSES,
    UNSCORED_STATUSES,
    IllegalInterviewMove,
    Interview,
    InterviewAssignment,
    InterviewStatus,
    InterviewStatusChange,
    SlotOffer,
)
from interviews.models.surveys import (  # noqa: F401
    MIN_GROUP_SIZE,
    Audience,
    CompetencyRemark,
    Suggestion,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyTally,
    SurveyTallyMark,
    SurveyTemplate,
)
