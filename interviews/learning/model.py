"""Score → performance model (issue 17): the pure part. pandas, numpy and scikit-learn only — no Django — so
``manage.py performance_model FILE.csv`` and ``bench/learning.py`` run it without a database.

Input: one row per hire with dimension scores (1–5, ``dim:<name>``), question scores (1–5, ``q:<id>``, blank
when not asked) and later performance (a number or one of the labels of ``labels.PERFORMANCE_LABELS``).

The fit (``fit``; the one home of the rule, explained in docs/learning.md):
1. Rows without performance or without any dimension score are dropped; a blank dimension score is imputed
   with the dimension's mean. Below ``min_n`` usable hires the status is ``insufficient_data``: no
   coefficients, no weights.
2. Dimensions and performance are standardised; a ridge regression of performance on **all dimensions
   together** gives partial, standardised coefficients — a dimension that only rides along with a predictive
   one (correlated but irrelevant) gets a coefficient near 0, unlike its raw correlation. The penalty is
   chosen by generalised cross-validation (``RidgeCV``) among ``alphas``.
3. ``n_boot`` bootstrap resamples (rows drawn with replacement, re-standardised, refitted with the chosen
   penalty) give a percentile interval per coefficient.
4. Learned weights: the coefficients of the dimensions whose interval lies entirely above 0, normalised to
   sum to 1; every other dimension learns 0. With no such dimension nothing is learned and the prior stands.
5. Shrinkage by sample size toward the prior (the position's configured weights):
   weight = (1 − λ)·prior + λ·learned with λ = n / (n + ``shrink_k``). A dimension whose interval covers 0
   therefore gets exactly its shrunk prior (1 − λ)·prior — never more. Weights are non-negative, sum to 1.
6. Quality: 5-fold cross-validated R² of the same ridge and the Spearman correlation of the out-of-fold
   predictions with performance (the rank measure is the honest one when labels were used).

Question effectiveness (``question_effects``): per question, the Pearson correlation of its score with
performance over the hires who were asked it, a bootstrap percentile interval and n. A question with fewer
than ``min_question_n`` answers gets no r. Verdicts: ``flagged`` (interval covers 0), ``negative`` (interval
below 0), ``effective`` (interval above 0), ``strong`` (effective and r ≥ ``strong_r``).
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from hrportal.lazy_imports import LazyModule

from .labels import LabelError, parse_performance

np = LazyModule("numpy")  # imported at the first fit: Django start-up (receivers → jobs → here) stays light
pd = LazyModule("pandas")

DIM_PREFIX = "dim:"
QUESTION_PREFIX = "q:"
PERFORMANCE_COLUMN = "performance"
SCORE_RANGE = (1.0, 5.0)
METHOD = "ridge+bootstrap+shrinkage/v1"


class TrainingDataError(ValueError):
    """A training file or frame that cannot be used as it is (the message says what to fix)."""


@dataclass(frozen=True)
class LearningConfig:
    min_n: int = 30
    n_boot: int = 200
    alphas: tuple[float, ...] = (0.1, 1.0, 3.0, 10.0, 30.0, 100.0)
    shrink_k: int = 30
    min_question_n: int = 10
    strong_r: float = 0.3
    confidence: float = 0.95
    cv_folds: int = 5
    seed: int = 17


@dataclass
class TrainingData:
    """The cleaned frame: ``dims`` (n × d, blanks imputed), ``questions`` (n × q, NaN where not asked),
    ``performance`` (n) on the numeric or label scale."""

    dim_names: list[str]
    question_ids: list[str]
    dims: np.ndarray
    questions: np.ndarray
    performance: np.ndarray
    labelled: bool = False
    dropped: int = 0
    imputed: int = 0

    @property
    def n(self) -> int:
        return int(self.performance.size)

    def hash(self) -> str:
        """A fingerprint of exactly what the fit sees (names, values, scale): same data, same hash."""
        digest = hashlib.sha256()
        digest.update("|".join(self.dim_names).encode())
        digest.update(b"#")
        digest.update("|".join(self.question_ids).encode())
        digest.update(b"#labelled" if self.labelled else b"#numeric")
        for array in (self.dims, self.questions, self.performance):
            digest.update(np.ascontiguousarray(np.round(array.astype(float), 6)).tobytes())
        return digest.hexdigest()[:32]


def _check_scores(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    values = frame[list(columns)].apply(pd.to_numeric, errors="coerce") if columns else frame[[]]
    for column in columns:
        raw = frame[column]
        bad = raw.notna() & (raw.astype(str).str.strip() != "") & values[column].isna()
        if bad.any():
            raise TrainingDataError(f"column {column!r}: {raw[bad].iloc[0]!r} is not a number")
        out = values[column].notna() & ((values[column] < SCORE_RANGE[0]) | (values[column] > SCORE_RANGE[1]))
        if out.any():
            raise TrainingDataError(
                f"column {column!r}: {values[column][out].iloc[0]:g} is outside the 1–5 scale"
            )
    return values.astype(float)


def prepare(frame: pd.DataFrame) -> TrainingData:
    """Validate a frame with ``dim:*``, ``q:*`` and ``performance`` columns and clean it (see the module
    docstring). Raises TrainingDataError naming the first problem."""
    frame = frame.rename(columns=lambda c: str(c).strip())
    dim_columns = [c for c in frame.columns if c.startswith(DIM_PREFIX)]
    question_columns = [c for c in frame.columns if c.startswith(QUESTION_PREFIX)]
    if PERFORMANCE_COLUMN not in frame.columns:
        raise TrainingDataError("the file has no 'performance' column")
    if not dim_columns:
        raise TrainingDataError("the file has no 'dim:<name>' column")
    dim_names = [c[len(DIM_PREFIX):].strip() for c in dim_columns]
    question_ids = [c[len(QUESTION_PREFIX):].strip() for c in question_columns]
    for kind, names in (("dimension", dim_names), ("question", question_ids)):
        if any(not name for name in names):
            raise TrainingDataError(f"a {kind} column has an empty name")
        if len(set(names)) != len(names):
            raise TrainingDataError(f"a {kind} column appears twice")
    parsed, kinds = [], set()
    for row, value in enumerate(frame[PERFORMANCE_COLUMN].tolist(), start=1):
        try:
            number, labelled = parse_performance(value)
        except LabelError as exc:
            raise TrainingDataError(f"row {row}: {exc}") from None
        parsed.append(np.nan if number is None else number)
        if number is not None:
            kinds.add(labelled)
    if len(kinds) > 1:
        raise TrainingDataError("performance mixes numbers and labels; use one scale per file")
    dims = _check_scores(frame, dim_columns).to_numpy()
    questions = _check_scores(frame, question_columns).to_numpy() if question_columns else np.empty((len(frame), 0))
    performance = np.asarray(parsed, dtype=float)
    keep = ~np.isnan(performance) & ~np.all(np.isnan(dims), axis=1)
    dims, questions, performance = dims[keep], questions[keep], performance[keep]
    imputed = int(np.isnan(dims).sum())
    if imputed:
        means = np.nanmean(dims, axis=0)
        means = np.where(np.isnan(means), 3.0, means)
        dims = np.where(np.isnan(dims), means, dims)
    return TrainingData(dim_names, question_ids, dims, questions, performance, labelled=kinds == {True},
                        dropped=int((~keep).sum()), imputed=imputed)


def read_csv(source) -> TrainingData:
    """A CSV file (path or text stream; UTF-8 with or without BOM) as TrainingData."""
    if isinstance(source, str | bytes) and not isinstance(source, io.IOBase):
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    else:
        frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    frame = frame.replace({"": None})
    return prepare(frame)


# --- the fit ----------------------------------------------------------------------------------------


@dataclass
class DimensionResult:
    name: str
    weight: float | None
    coef: float | None
    ci_low: float | None
    ci_high: float | None
    prior: float = 0.0
    credited: bool = False  # its interval lies above 0, so it learned a share

    def contract(self) -> dict:
        return {"name": self.name, "weight": self.weight, "coef": self.coef, "ci_low": self.ci_low,
                "ci_high": self.ci_high}


@dataclass
class QuestionResult:
    id: str
    r: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    verdict: str  # insufficient | flagged | negative | effective | strong

    def contract(self) -> dict:
        return {"id": self.id, "r": self.r, "ci_low": self.ci_low, "ci_high": self.ci_high, "n": self.n}


@dataclass
class FitResult:
    status: str  # ok | insufficient_data
    n: int
    dimensions: list[DimensionResult]
    questions: list[QuestionResult]
    metrics: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    data_hash: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def weights(self) -> dict[str, float] | None:
        return {d.name: d.weight for d in self.dimensions} if self.ok else None

    def contract(self) -> dict:
        """Exactly the documented CLI shape."""
        return {"status": self.status, "n": self.n, "dimensions": [d.contract() for d in self.dimensions],
                "questions": [q.contract() for q in self.questions]}

    def to_dict(self) -> dict:
        """Everything (stored with a weight set): the contract plus priors, verdicts, metrics, details."""
        data = self.contract()
        data["dimensions"] = [asdict(d) for d in self.dimensions]
        data["questions"] = [asdict(q) for q in self.questions]
        data.update(metrics=self.metrics, details=self.details, data_hash=self.data_hash, method=METHOD)
        return data


def normalise_prior(names: Sequence[str], prior: Mapping[str, float] | None) -> dict[str, float]:
    """The prior over ``names``: given weights (missing → 0, negatives refused) normalised to sum to 1, or
    equal weights when none is given or they sum to 0."""
    if prior:
        values = {name: float(prior.get(name, 0.0) or 0.0) for name in names}
        if any(v < 0 or not math.isfinite(v) for v in values.values()):
            raise TrainingDataError("prior weights must be non-negative numbers")
        total = math.fsum(values.values())
        if total > 0:
            return {name: v / total for name, v in values.items()}
    return {name: 1.0 / len(names) for name in names} if names else {}


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns centred and scaled to unit variance; constant columns become 0 (and are reported)."""
    centred = x - x.mean(axis=0)
    sd = centred.std(axis=0)
    varying = sd > 1e-12
    return np.where(varying, centred / np.where(varying, sd, 1.0), 0.0), varying


def _ridge(xs: np.ndarray, ys: np.ndarray, alpha: float) -> np.ndarray:
    """Ridge coefficients of centred data (no intercept needed): (X'X + αI)⁻¹ X'y."""
    d = xs.shape[1]
    return np.linalg.solve(xs.T @ xs + alpha * np.eye(d), xs.T @ ys)


def _choose_alpha(xs: np.ndarray, ys: np.ndarray, alphas: Sequence[float]) -> float:
    from sklearn.linear_model import RidgeCV

    return float(RidgeCV(alphas=tuple(alphas), fit_intercept=False).fit(xs, ys).alpha_)


def _cv_metrics(x: np.ndarray, y: np.ndarray, alpha: float, config: LearningConfig) -> dict:
    from sklearn.model_selection import KFold

    n = y.size
    folds = min(config.cv_folds, n)
    if n < 10 or folds < 2:
        return {"cv_r2": None, "cv_spearman": None, "folds": 0}
    predicted = np.empty(n)
    r2s = []
    for train, test in KFold(n_splits=folds, shuffle=True, random_state=config.seed).split(x):
        mean, sd = x[train].mean(axis=0), x[train].std(axis=0)
        sd = np.where(sd > 1e-12, sd, 1.0)
        y_mean = y[train].mean()
        beta = _ridge((x[train] - mean) / sd, y[train] - y_mean, alpha)
        predicted[test] = (x[test] - mean) / sd @ beta + y_mean
        total = float(((y[test] - y[test].mean()) ** 2).sum())
        if total > 0:
            r2s.append(1.0 - float(((y[test] - predicted[test]) ** 2).sum()) / total)
    rho = _spearman(predicted, y)
    return {"cv_r2": round(float(np.mean(r2s)), 4) if r2s else None,
            "cv_spearman": None if rho is None else round(rho, 4), "folds": folds}


def _spearman(a: np.ndarray, b: np.ndarray) -> float | None:
    ra, rb = pd.Series(a).rank().to_numpy(), pd.Series(b).rank().to_numpy()
    if ra.std() == 0 or rb.std() == 0:
        return None
    return float(np.corrcoef(ra, rb)[0, 1])


def _bootstrap_coefficients(x: np.ndarray, y: np.ndarray, alpha: float, config: LearningConfig,
                            rng: np.random.Generator) -> np.ndarray:
    n, d = x.shape
    out = np.empty((config.n_boot, d))
    for b in range(config.n_boot):
        idx = rng.integers(0, n, n)
        xs, varying = _standardise(x[idx])
        yb = y[idx]
        sd = yb.std()
        if sd <= 1e-12:
            out[b] = 0.0
            continue
        out[b] = np.where(varying, _ridge(xs, (yb - yb.mean()) / sd, alpha), 0.0)
    return out


def _round(value: float | None, places: int = 4) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), places)


def _sum_to_one(weights: dict[str, float], places: int = 6) -> dict[str, float]:
    """Rounded weights whose sum is exactly 1 (the largest takes the rounding rest)."""
    if not weights:
        return {}
    rounded = {k: round(max(0.0, v), places) for k, v in weights.items()}
    rest = round(1.0 - math.fsum(rounded.values()), places)
    largest = max(rounded, key=lambda k: rounded[k])
    rounded[largest] = round(rounded[largest] + rest, places)
    return rounded


def fit(data: TrainingData, *, prior: Mapping[str, float] | None = None,
        config: LearningConfig | None = None) -> FitResult:
    """The model of the module docstring on ``data``, shrunk toward ``prior`` (default: equal weights)."""
    config = config or LearningConfig()
    rng = np.random.default_rng(config.seed)
    names = data.dim_names
    prior_weights = normalise_prior(names, prior)
    n = data.n
    questions = question_effects(data, config=config, rng=rng)
    details = {"min_n": config.min_n, "n_boot": config.n_boot, "shrink_k": config.shrink_k,
               "labelled": data.labelled, "dropped": data.dropped, "imputed": data.imputed,
               "confidence": config.confidence}
    y_sd = float(data.performance.std()) if n else 0.0
    if n < config.min_n or n < 3 or y_sd <= 1e-12:
        details["reason"] = ("constant performance" if n >= config.min_n and n >= 3 else "too few hires")
        dims = [DimensionResult(name, None, None, None, None, prior=round(prior_weights[name], 6))
                for name in names]
        return FitResult("insufficient_data", n, dims, questions, {}, details, data.hash())

    xs, varying = _standardise(data.dims)
    ys = (data.performance - data.performance.mean()) / y_sd
    alpha = _choose_alpha(xs[:, varying], ys, config.alphas) if varying.any() else config.alphas[0]
    coef = np.zeros(len(names))
    if varying.any():
        coef[varying] = _ridge(xs[:, varying], ys, alpha)
    boot = _bootstrap_coefficients(data.dims, data.performance, alpha, config, rng)
    tail = (1.0 - config.confidence) / 2 * 100
    low, high = np.percentile(boot, [tail, 100 - tail], axis=0)

    credited = {name: float(coef[i]) for i, name in enumerate(names) if low[i] > 0 and coef[i] > 0}
    lam = n / (n + config.shrink_k)
    if credited:
        total = math.fsum(credited.values())
        learned = {name: credited.get(name, 0.0) / total for name in names}
        raw = {name: (1 - lam) * prior_weights[name] + lam * learned[name] for name in names}
    else:
        raw = dict(prior_weights)
    weights = _sum_to_one(raw)
    dims = [
        DimensionResult(name, weights[name], _round(coef[i]), _round(low[i]), _round(high[i]),
                        prior=round(prior_weights[name], 6), credited=name in credited)
        for i, name in enumerate(names)
    ]
    metrics = _cv_metrics(data.dims, data.performance, alpha, config)
    details.update(alpha=alpha, **{"lambda": round(lam, 6)}, constant=[n_ for n_, v in zip(names, varying, strict=True) if not v],
                   learned_anything=bool(credited))
    return FitResult("ok", n, dims, questions, metrics, details, data.hash())


def question_effects(data: TrainingData, *, config: LearningConfig | None = None,
                     rng: np.random.Generator | None = None) -> list[QuestionResult]:
    """Per question: r with performance over the hires asked it, a bootstrap interval, n and a verdict."""
    config = config or LearningConfig()
    rng = rng or np.random.default_rng(config.seed)
    tail = (1.0 - config.confidence) / 2 * 100
    results = []
    for j, qid in enumerate(data.question_ids):
        column = data.questions[:, j]
        asked = ~np.isnan(column)
        x, y = column[asked], data.performance[asked]
        n = int(x.size)
        if n < max(3, config.min_question_n) or x.std() <= 1e-12 or y.std() <= 1e-12:
            results.append(QuestionResult(qid, None, None, None, n, "insufficient"))
            continue
        r = float(np.corrcoef(x, y)[0, 1])
        idx = rng.integers(0, n, (config.n_boot, n))
        xb, yb = x[idx], y[idx]
        xc = xb - xb.mean(axis=1, keepdims=True)
        yc = yb - yb.mean(axis=1, keepdims=True)
        denom = np.sqrt((xc * xc).sum(axis=1) * (yc * yc).sum(axis=1))
        with np.errstate(invalid="ignore", divide="ignore"):
            rb = np.where(denom > 0, (xc * yc).sum(axis=1) / np.where(denom > 0, denom, 1.0), 0.0)
        low, high = np.percentile(rb, [tail, 100 - tail])
        if low > 0:
            verdict = "strong" if r >= config.strong_r else "effective"
        elif high < 0:
            verdict = "negative"
        else:
            verdict = "flagged"
        results.append(QuestionResult(qid, _round(r), _round(low), _round(high), n, verdict))
    return results


def frame_from_rows(rows: Sequence[Mapping], dim_names: Sequence[str], question_ids: Sequence[str]) -> pd.DataFrame:
    """A training frame from ``rows`` of ``{"dims": {name: score}, "questions": {id: score},
    "performance": value}`` (the database reader builds these)."""
    records = []
    for row in rows:
        record = {f"{DIM_PREFIX}{name}": row.get("dims", {}).get(name) for name in dim_names}
        record.update({f"{QUESTION_PREFIX}{qid}": row.get("questions", {}).get(qid) for qid in question_ids})
        record[PERFORMANCE_COLUMN] = row.get("performance")
        records.append(record)
    columns = ([f"{DIM_PREFIX}{n}" for n in dim_names] + [f"{QUESTION_PREFIX}{q}" for q in question_ids]
               + [PERFORMANCE_COLUMN])
    return pd.DataFrame.from_records(records, columns=columns)
