import pytest

from recruiting.models import Application, ApplicationStageChange, IllegalStageMove
from recruiting.pipeline import TRANSITIONS, Stage


@pytest.mark.django_db
def test_legal_moves_are_recorded_with_who_when_why(ehr, users):
    app = ehr["application"]
    app.set_stage(Stage.SCREENING, by=users["hr"], reason="简历匹配")
    app.set_stage(Stage.SHORTLISTED, by=users["hr"])
    app.refresh_from_db()
    assert app.stage == Stage.SHORTLISTED
    history = list(ApplicationStageChange.objects.filter(application=app).values_list("from_stage", "to_stage", "changed_by__username"))
    assert history == [("new", "screening", "hr_zhang"), ("screening", "shortlisted", "hr_zhang")]


@pytest.mark.django_db
def test_offer_for_rejected_applicant_is_refused(ehr, users):
    app = ehr["application"]
    app.set_stage(Stage.REJECTED, by=users["hr"], reason="经验不足")
    with pytest.raises(IllegalStageMove) as excinfo:
        app.set_stage(Stage.OFFER, by=users["hr"])
    assert "未通过" in str(excinfo.value)
    assert Application.objects.get(pk=app.pk).stage == Stage.REJECTED
    assert ApplicationStageChange.objects.filter(application=app).count() == 1


@pytest.mark.django_db
def test_rejection_needs_a_reason(ehr, users):
    with pytest.raises(IllegalStageMove):
        ehr["application"].set_stage(Stage.REJECTED, by=users["hr"], reason="  ")


@pytest.mark.django_db
def test_stale_instance_cannot_skip_the_pipeline(ehr, users):
    stale = Application.objects.get(pk=ehr["application"].pk)
    ehr["application"].set_stage(Stage.REJECTED, by=users["hr"], reason="不合适")
    # The stale copy still says "new"; set_stage re-reads the locked row and refuses.
    with pytest.raises(IllegalStageMove):
        stale.set_stage(Stage.SHORTLISTED, by=users["hr"])


def test_every_stage_is_declared_and_hired_is_only_reached_from_offer():
    assert set(TRANSITIONS) == set(Stage.values)
    assert [s for s, targets in TRANSITIONS.items() if Stage.HIRED in targets] == [Stage.OFFER]
