"""The survey tallies rebuilt by an RQ job, not in the report's request (interviews/surveys/jobs.py): with Redis and
a real worker on PostgreSQL (these tests skip without both, like every queue test; the embedded default is covered
in test_survey_tallies.py).

- answers removed by a cascade or by a purge's eraser queue the rebuild when the transaction commits;
- the report page, while the tallies are stale, shows the figures it has with a notice, runs no recount, and
  queues the rebuild once (not once per view; again only when the queued job looks lost);
- after a worker has run the job the tallies equal a recount and the notice is gone;
- two rebuild jobs never count twice.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrportal import queues
from hrportal.privacy import purge, registry
from interviews.models import Audience, SurveyAnswer, SurveyResponse, SurveyTally, SurveyTallyMark
from interviews.surveys import jobs, tallies
from recruiting.models import Application, Candidate
from recruiting.pipeline import Stage
from tests.conftest import run_at_once, run_rq_worker_burst
from tests.interviews.survey_builders import answered_interviews

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOTICE = "统计正在重新计算，稍后刷新即可看到最新数字。"
ANSWERS_TABLE = f'"{SurveyAnswer._meta.db_table}"'  # quoted, as Django writes it in SQL
TALLY_TABLE = f'"{SurveyTally._meta.db_table}"'  # not the mark's table


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("a worker subprocess and row locks need a database it can share: run with DATABASE_URL (PostgreSQL)")


@pytest.fixture
def answered(ehr, users, settings, redis_url):
    return answered_interviews(ehr, users, settings, count=8)


def rebuild_jobs() -> list:
    return [job for job in queues.get_queue("default").jobs if job.func_name.endswith("rebuild_tallies_job")]


def work() -> None:
    result = run_rq_worker_burst("default")
    assert result.returncode == 0, result.stderr[-2000:]


def replace_behind_the_back(response: SurveyResponse) -> None:
    """Change an answer by a path that bypasses submit_response and every receiver (a bulk load, a script):
    the satisfaction answer deleted by a plain query and stored again with another value."""
    old = SurveyAnswer.objects.get(response=response, topic="satisfaction")
    SurveyAnswer.objects.filter(pk=old.pk).delete()
    old.pk, old.scale = None, old.scale % 5 + 1
    old.save()


def report_page(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("interviews:survey_report"))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def recounts(sqls: list[str]) -> list[str]:
    """Queries that group the answers (a recount) or write the tallies (a rebuild)."""
    return [sql for sql in sqls if (ANSWERS_TABLE in sql and "GROUP BY" in sql.upper())
            or (TALLY_TABLE in sql and sql.lstrip().upper().startswith(("INSERT", "DELETE", "UPDATE")))]


def test_a_cascade_delete_queues_the_rebuild_and_a_worker_brings_the_tallies_up_to_date(answered, client, users):
    client.force_login(users["hr"])
    interview = answered["interviews"][1]
    interview.application.candidate.delete()  # cascades to the interview, its responses and answers
    assert len(rebuild_jobs()) == 1  # queued when the delete committed
    assert not tallies.is_fresh() and tallies.stored() != tallies.recount()  # nothing ran in the request

    page, sqls = report_page(client)
    assert NOTICE in page and "data-tallies-stale" in page
    assert recounts(sqls) == []
    assert len(rebuild_jobs()) == 1  # the page found the job queued: no second one

    work()
    assert tallies.is_fresh() and tallies.stored() == tallies.recount()
    assert tallies.read_mark().rebuild_queued_at is None
    page, sqls = report_page(client)
    assert NOTICE not in page and recounts(sqls) == []
    assert rebuild_jobs() == []


def test_the_retention_purge_queues_the_rebuild_when_a_batch_commits(answered, client, users):
    """The purge anonymises candidates; an app whose eraser deletes survey responses (planted here, as the
    registry lets an app register one) triggers the same rebuild when the purge's batch commits."""
    def erase_survey_responses(ids):
        SurveyResponse.objects.filter(interview__application__candidate_id__in=ids).delete()
        return 0

    gone = [i.application.candidate_id for i in answered["interviews"][:3]]
    Application.objects.filter(candidate_id__in=gone).update(stage=Stage.REJECTED)
    Candidate.objects.filter(pk__in=gone).update(retention_until=timezone.localdate() - dt.timedelta(days=1))
    registry.register_holder("test.survey_responses", category="test", erase=erase_survey_responses)
    try:
        run = purge.purge_expired()
    finally:
        registry.unregister("test.survey_responses")
    assert run.purged == 3
    assert not SurveyResponse.objects.filter(interview__application__candidate_id__in=gone).exists()
    assert len(rebuild_jobs()) == 1 and not tallies.is_fresh()

    work()
    assert tallies.is_fresh() and tallies.stored() == tallies.recount()
    client.force_login(users["hr"])
    assert NOTICE not in report_page(client)[0]


def test_the_report_queues_one_rebuild_and_never_recounts(answered, client, users):
    client.force_login(users["hr"])
    fresh_page, fresh_sqls = report_page(client)
    assert NOTICE not in fresh_page and recounts(fresh_sqls) == []
    responses = list(SurveyResponse.objects.filter(audience=Audience.CANDIDATE).order_by("id"))
    replace_behind_the_back(responses[0])
    assert rebuild_jobs() == []  # nobody saw it happen

    page, first = report_page(client)
    assert NOTICE in page and recounts(first) == []
    assert len(rebuild_jobs()) == 1
    for response in responses[1:4]:
        replace_behind_the_back(response)
    page, second = report_page(client)
    page, third = report_page(client)
    assert NOTICE in page and recounts(second) == recounts(third) == []
    assert len(rebuild_jobs()) == 1  # not one per view
    assert len(second) == len(third) == len(first) - 1  # constant; the first view's extra query is the claim
    assert sum(ANSWERS_TABLE in sql for sql in third) == 2  # the freshness check (count, highest id) and the free-text sample

    work()
    assert tallies.is_fresh() and tallies.stored() == tallies.recount()
    page, after = report_page(client)
    assert NOTICE not in page and rebuild_jobs() == []


def test_a_rebuild_queued_long_ago_that_never_ran_is_queued_again(answered, client, users):
    """A killed worker or a flushed Redis loses the job; the claim it left does not keep the tallies stale."""
    client.force_login(users["hr"])
    replace_behind_the_back(SurveyResponse.objects.filter(audience=Audience.CANDIDATE).first())
    lost = timezone.now() - tallies.REQUEUE_AFTER - dt.timedelta(seconds=1)
    SurveyTallyMark.objects.update(rebuild_queued_at=lost)  # claimed, but its job is gone from Redis
    assert rebuild_jobs() == []
    assert NOTICE in report_page(client)[0]
    assert len(rebuild_jobs()) == 1
    assert tallies.read_mark().rebuild_queued_at > lost
    work()
    assert tallies.is_fresh() and tallies.stored() == tallies.recount()


def test_two_rebuild_jobs_never_count_twice(answered):
    replace_behind_the_back(SurveyResponse.objects.filter(audience=Audience.CANDIDATE).first())
    assert jobs.queue_tallies_rebuild()
    assert not jobs.queue_tallies_rebuild()  # claimed: not queued again
    queues.enqueue(jobs.rebuild_tallies_job)  # a second job all the same (two callers racing past the claim)
    assert len(rebuild_jobs()) == 2
    work()
    assert tallies.stored() == tallies.recount()


def test_two_rebuilds_at_once_are_serialised_by_the_mark(answered):
    interview = answered["interviews"][2]
    SurveyAnswer.objects.filter(interview=interview).delete()  # behind the back: no receiver on answers
    results = run_at_once(jobs.rebuild_tallies_job)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(r["rebuilt"] for r in results) == [False, True]  # the second waited for the first's lock
    assert tallies.is_fresh() and tallies.stored() == tallies.recount()
