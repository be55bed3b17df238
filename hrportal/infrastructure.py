"""Is this exception our own infrastructure failing (and so transient), rather than the work itself?

One rule for every path that decides the fate of a row, a run or a payment (outbox messages, screening
items, intake documents, WeCom callbacks): an error of the cache/queue (Redis), of the database connection,
or a network timeout says nothing about the message, resume or event being handled. Marking the work item
failed for it turns an outage into data loss (issue 24: a Redis restart failed 698 messages in 4 s). Such
errors are re-raised or retried, never recorded as the item's permanent failure.
"""

from __future__ import annotations

import redis.exceptions
from django.db import InterfaceError, OperationalError

INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,  # also BusyLoadingError (Redis still loading its data set)
    redis.exceptions.TimeoutError,
    redis.exceptions.ReadOnlyError,  # a replica during fail-over
    OperationalError,  # the database went away, a connection was terminated, a lock timed out
    InterfaceError,  # the connection is already closed
    ConnectionError,  # the built-in family (refused, reset, aborted, broken pipe)
    TimeoutError,
)


def is_infrastructure_error(exc: BaseException | None) -> bool:
    """True when ``exc`` (or an exception it was raised from, up to a few levels) is an infrastructure error."""
    for _ in range(5):
        if exc is None:
            return False
        if isinstance(exc, INFRASTRUCTURE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
