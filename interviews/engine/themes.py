"""Free-text answers grouped by theme: jieba content terms (recruiting.screening.tokenize) → TF-IDF →
k-means (fixed seed, so the same answers give the same themes) → per theme its top keywords, its size and the
answers nearest its centre as representative quotes. Pure computation, no Django.

Themes smaller than ``min_size`` are not returned (the survey report's minimum group size).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from recruiting.screening.tokenize import segmenter

MAX_THEMES = 5


@dataclass(frozen=True)
class Theme:
    keywords: tuple[str, ...]
    size: int
    quotes: tuple[str, ...]
    quote_indexes: tuple[int, ...] = ()  # positions of the quotes in the input list


def _terms(text: str) -> list[str]:
    return list(segmenter().content_terms(text).elements())


def group_by_theme(texts: list[str], *, min_size: int = 5, quotes: int = 2, keywords: int = 3) -> list[Theme]:
    """Themes of ``texts``, largest first (empty when fewer than ``min_size`` answers carry any content term)."""
    kept = [(i, t.strip()) for i, t in enumerate(texts) if t and t.strip() and _terms(t)]
    origin = [i for i, _t in kept]
    usable = [t for _i, t in kept]
    if len(usable) < min_size:
        return []
    # scikit-learn is imported here, at first use: importing it at module level cost every process that
    # loads the URLconf (runserver, each `manage.py` command that reverses a URL) about 2 s (issue 20 item 4)
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(analyzer=_terms).fit(usable)
    vectors = matrix.transform(usable)
    vocabulary = np.array(matrix.get_feature_names_out())
    k = max(1, min(MAX_THEMES, len(usable) // min_size, len(set(usable))))
    model = KMeans(n_clusters=k, n_init=3, random_state=0).fit(vectors)
    themes = []
    for label in range(k):
        members = np.flatnonzero(model.labels_ == label)
        if len(members) < min_size:
            continue
        centre = model.cluster_centers_[label]
        top = tuple(str(w) for w in vocabulary[np.argsort(-centre)[:keywords]] if w)
        distances = np.asarray(((vectors[members].toarray() - centre) ** 2).sum(axis=1)).ravel()
        nearest = members[np.argsort(distances)[:quotes]]
        themes.append(Theme(keywords=top, size=int(len(members)), quotes=tuple(usable[i][:200] for i in nearest),
                            quote_indexes=tuple(origin[i] for i in nearest)))
    return sorted(themes, key=lambda t: (-t.size, t.keywords))
