"""manage.py performance_model [FILE.csv] [--position CODE] [--json] — the score→performance model.

With a file: a CSV with columns ``dim:<name>`` (1–5), ``q:<question id>`` (1–5, blank when not asked) and
``performance`` (a number or one of 优秀/良好/合格/待改进). Without one: the training data of ``--position CODE``
from the database (interviews/learning/data.py). ``--json`` prints exactly::

    {"status": "ok" | "insufficient_data", "n": ..., "dimensions": [{"name", "weight", "coef", "ci_low",
     "ci_high"}], "questions": [{"id", "r", "ci_low", "ci_high", "n"}]}

(``ci_low``/``ci_high`` bound the standardised coefficient; weights are null unless the status is ok);
``--details`` adds priors, verdicts, metrics and fit details. Nothing is stored: versioned weight sets come
from the RQ refit (interviews/learning/jobs.py).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from interviews.learning import model as learning_model


def _prior(text: str | None) -> dict[str, float] | None:
    if not text:
        return None
    prior = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        if not sep:
            raise CommandError(f"--prior: expected name=weight, got {part!r}")
        try:
            prior[name.strip()] = float(value)
        except ValueError:
            raise CommandError(f"--prior: {value!r} is not a number") from None
    return prior


class Command(BaseCommand):
    help = "Fit the score→performance model on a CSV file or a position's hires and print the result."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV with dim:<name>, q:<id> and performance columns")
        parser.add_argument("--position", help="position code: train on the database instead of a file")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--details", action="store_true", help="with --json: priors, verdicts, metrics too")
        parser.add_argument("--min-n", type=int, default=None, help="minimum hires (default INTERVIEW_LEARNING_MIN_HIRES)")
        parser.add_argument("--bootstrap", type=int, default=200, help="bootstrap resamples (default 200)")
        parser.add_argument("--seed", type=int, default=17)
        parser.add_argument("--prior", help="prior weights for a file, e.g. 'comm=0.6,drive=0.4' (default equal)")

    def handle(self, *args, file=None, position=None, json=False, details=False, min_n=None, bootstrap=200,
               seed=17, prior=None, **options):
        if bool(file) == bool(position):
            raise CommandError("give either FILE.csv or --position CODE")
        if bootstrap < 1:
            raise CommandError("--bootstrap must be at least 1")
        minimum = min_n if min_n is not None else int(getattr(settings, "INTERVIEW_LEARNING_MIN_HIRES", 30))
        config = learning_model.LearningConfig(min_n=max(1, minimum), n_boot=bootstrap, seed=seed)
        try:
            if file:
                data = learning_model.read_csv(file)
                prior_weights = _prior(prior)
            else:
                data, prior_weights = self._from_database(position)
            result = learning_model.fit(data, prior=prior_weights, config=config)
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file") from None
        except (learning_model.TrainingDataError, UnicodeDecodeError) as exc:
            raise CommandError(str(exc)) from None
        if json:
            payload = result.to_dict() if details else result.contract()
            self.stdout.write(_dumps(payload))
        else:
            self._table(result)

    def _from_database(self, code: str):
        from interviews.learning.data import position_training_data
        from recruiting.models import Position

        position = Position.objects.filter(code=code).first()
        if position is None:
            raise CommandError(f"no position with code {code!r}")
        data = position_training_data(position)
        return data.training(), data.prior

    def _table(self, result) -> None:
        write = self.stdout.write
        write(f"status: {result.status}   n: {result.n}")
        if result.metrics:
            write(f"cross-validated R²: {result.metrics.get('cv_r2')}   Spearman: {result.metrics.get('cv_spearman')}")
        write(f"{'dimension':<24}{'prior':>8}{'weight':>9}{'coef':>9}{'95% interval':>20}")
        for d in result.dimensions:
            interval = "—" if d.ci_low is None else f"[{d.ci_low:+.3f}, {d.ci_high:+.3f}]"
            weight = "—" if d.weight is None else f"{d.weight:.3f}"
            coef = "—" if d.coef is None else f"{d.coef:+.3f}"
            write(f"{d.name:<24}{d.prior:>8.3f}{weight:>9}{coef:>9}{interval:>20}")
        if result.questions:
            write(f"{'question':<24}{'n':>6}{'r':>9}{'95% interval':>20}  verdict")
            for q in result.questions:
                interval = "—" if q.ci_low is None else f"[{q.ci_low:+.3f}, {q.ci_high:+.3f}]"
                r = "—" if q.r is None else f"{q.r:+.3f}"
                write(f"{q.id:<24}{q.n:>6}{r:>9}{interval:>20}  {q.verdict}")


def _dumps(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False)
