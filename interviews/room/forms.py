"""Forms of the interview room. They parse what the page posts; the rules (who, when, complete, locked) are
checked by interviews.room.services, whose field-keyed errors these forms display."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from interviews.models import Recommendation
from interviews.room.services import (
    MAX_EVIDENCE_CHARS,
    MAX_NOTE_CHARS,
    MAX_SUMMARY_CHARS,
    ScoreInput,
    evidence_field,
    score_field,
)

SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]


class NoteSegmentForm(forms.Form):
    client_id = forms.CharField(max_length=64)
    text = forms.CharField(required=False, max_length=MAX_NOTE_CHARS, strip=False, widget=forms.Textarea)
    round_question = forms.IntegerField(required=False, min_value=1)


class ScorecardForm(forms.Form):
    """One score (1–5, optional in a draft) and one evidence note per competency of the round, the overall
    recommendation and a summary."""

    recommendation = forms.ChoiceField(
        label=_("总体建议"), required=False, choices=[("", "—"), *Recommendation.choices]
    )
    summary = forms.CharField(
        label=_("总体评价"), required=False, max_length=MAX_SUMMARY_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, competencies=(), questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        self.question_ids = [q.pk for q in questions]
        for question_id in self.question_ids:  # optional 1–5 rating of each asked question's answer
            self.fields[f"question_score_{question_id}"] = forms.TypedChoiceField(
                required=False, choices=SCORE_CHOICES, coerce=int, empty_value=None,
            )
        for comp in self.competencies:
            self.fields[score_field(comp.pk)] = forms.TypedChoiceField(
                label=comp.display_name, required=False, choices=SCORE_CHOICES, coerce=int, empty_value=None,
            )
            self.fields[evidence_field(comp.pk)] = forms.CharField(
                label=_("依据"), required=False, max_length=MAX_EVIDENCE_CHARS, widget=forms.Textarea(attrs={"rows": 2}),
            )

    def score_inputs(self) -> list[ScoreInput]:
        data = self.cleaned_data
        return [
            ScoreInput(comp.pk, data.get(score_field(comp.pk)), data.get(evidence_field(comp.pk)) or "")
            for comp in self.competencies
        ]


    def question_inputs(self) -> dict[int, int]:
        """The ratings given ({question id: 1–5}); a question left blank keeps what was stored (a radio group
        cannot be cleared, so blank means "not rated now", never "delete")."""
        ratings = {qid: self.cleaned_data.get(f"question_score_{qid}") for qid in self.question_ids}
        return {qid: score for qid, score in ratings.items() if score is not None}


class AmendForm(ScorecardForm):
    reason = forms.CharField(label=_("修订原因"), max_length=500, required=False)
