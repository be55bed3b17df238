"""The one home of the performance label scale (pure; no Django).

Performance reviews arrive either as numbers or as the four labels Chinese companies commonly use. The labels
are ordered and mapped to equally spaced integers; the fit then treats them as an interval scale (ridge on
the standardised value) and the model's quality is also reported as a rank correlation, which does not
depend on the spacing. Documented in docs/learning.md.
"""

from __future__ import annotations

import math

# worst → best; the number is the position on the scale
PERFORMANCE_LABELS: dict[str, int] = {"待改进": 1, "合格": 2, "良好": 3, "优秀": 4}
# English spellings accepted in files (case-insensitive)
PERFORMANCE_LABELS_EN: dict[str, int] = {"needs improvement": 1, "satisfactory": 2, "good": 3, "excellent": 4}


class LabelError(ValueError):
    """A performance value that is neither a number nor one of the labels."""


def parse_performance(value) -> tuple[float | None, bool]:
    """(value on the scale or None when blank, whether it was a label). Raises LabelError otherwise."""
    if value is None:
        return None, False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (None, False) if math.isnan(float(value)) else (float(value), False)
    text = str(value).strip()
    if not text:
        return None, False
    if text in PERFORMANCE_LABELS:
        return float(PERFORMANCE_LABELS[text]), True
    if text.lower() in PERFORMANCE_LABELS_EN:
        return float(PERFORMANCE_LABELS_EN[text.lower()]), True
    try:
        number = float(text)
    except ValueError:
        raise LabelError(
            f"performance {text!r} is neither a number nor one of {', '.join(PERFORMANCE_LABELS)}"
        ) from None
    if not math.isfinite(number):
        raise LabelError(f"performance {text!r} is not a finite number")
    return number, False
