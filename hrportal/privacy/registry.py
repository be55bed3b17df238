"""What each app holds about a candidate, registered in its ``AppConfig.ready()``.

The purge (``hrportal.privacy.purge``) imports no app: it asks the one registered *subject source* which
candidates are past their retention date, asks every *legal hold* which of them must be kept, and hands the
rest to every *holder*, which anonymises its own rows. All callables take lists of candidate ids so a batch of
500 costs a few queries per app, not a few per person.

- ``register_subjects(expired_ids, lock=...)``: ``expired_ids(*, cutoff, after, limit) -> list[int]`` — ids in
  ascending order, greater than ``after``, not purged yet, retention date before ``cutoff``, rows locked for
  update; ``lock(id) -> bool`` locks one person's row for an erasure on request (False: unknown or purged).
- ``register_holder(name, category=..., erase=..., count_files=..., export=...)``: ``erase(ids) -> int`` makes
  the rows of those candidates anonymous (inside the purge's transaction) and returns the files it removed;
  ``count_files(ids) -> int`` is what a dry run reports; ``export(candidate_id) -> dict`` is this app's part of
  the Art. 45 copy.
- ``register_legal_hold(name, label=..., held=...)``: ``held(ids) -> set[int]`` the candidates this rule keeps
  (an open application, an employee record, later an offer from payroll).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Holder:
    name: str
    category: str
    erase: Callable[[Sequence[int]], int]
    count_files: Callable[[Sequence[int]], int] | None = None
    export: Callable[[int], dict] | None = None


@dataclass(frozen=True)
class LegalHold:
    name: str
    label: str
    held: Callable[[Sequence[int]], set[int]]


_holders: dict[str, Holder] = {}
_holds: dict[str, LegalHold] = {}
_subjects: list[Callable[..., list[int]]] = []
_lock: list[Callable[[int], bool]] = []


def register_subjects(expired_ids: Callable[..., list[int]], *, lock: Callable[[int], bool]) -> None:
    """The one source of candidates (recruiting registers it); registering again replaces it."""
    _subjects[:] = [expired_ids]
    _lock[:] = [lock]


def register_holder(name: str, *, category: str, erase: Callable[[Sequence[int]], int],
                    count_files: Callable[[Sequence[int]], int] | None = None,
                    export: Callable[[int], dict] | None = None) -> Holder:
    """Add (or replace, by name) what an app holds about candidates; returns the entry."""
    holder = Holder(name, category, erase, count_files, export)
    _holders[name] = holder
    return holder


def register_legal_hold(name: str, *, label: str, held: Callable[[Sequence[int]], set[int]]) -> LegalHold:
    """Add (or replace, by name) a rule that keeps a candidate from being purged; returns the entry."""
    hold = LegalHold(name, label, held)
    _holds[name] = hold
    return hold


def unregister(name: str) -> None:
    """Remove a holder or hold by name (tests that plant one, an app switched off)."""
    _holders.pop(name, None)
    _holds.pop(name, None)


def subject_source() -> Callable[..., list[int]]:
    if not _subjects:
        raise LookupError("no privacy subject source registered (recruiting registers it in AppConfig.ready)")
    return _subjects[0]


def lock_subject(subject_id: int) -> bool:
    if not _lock:
        raise LookupError("no privacy subject source registered (recruiting registers it in AppConfig.ready)")
    return _lock[0](subject_id)


def holders() -> list[Holder]:
    return list(_holders.values())


def legal_holds() -> list[LegalHold]:
    return list(_holds.values())


def holds_for(ids: Sequence[int]) -> dict[int, list[str]]:
    """Candidate id → the labels of every hold that keeps it (only held ids appear)."""
    found: dict[int, list[str]] = {}
    for hold in legal_holds():
        for candidate_id in hold.held(list(ids)):
            found.setdefault(candidate_id, []).append(str(hold.label))
    return found
