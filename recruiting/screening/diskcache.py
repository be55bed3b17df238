"""Derived tables kept on disk between processes, like jieba's own dictionary cache.

What is cached (see docs/decisions.md): the POS content-word table and the IDF table derived from jieba's
dictionary files, and each position's query terms (the jieba segmentation of its text). All three are pure
functions of their inputs, so each entry is stored with the full key it was computed from (a digest of those
inputs) and is only used when the key matches; anything else — a missing, stale, truncated or foreign file —
is a miss, and the caller builds the value in memory as it would without a cache.

Writes are atomic (a private temporary file in the same directory, then ``os.replace``), so a reader never
sees half a file and two processes writing the same entry leave one whole copy. A directory that cannot be
created or written (a read-only installation) only means nothing is stored: the cache never raises.

The format is ``marshal`` (loads a 350,000-word table an order of magnitude faster than JSON or parsing the
text files): it holds only plain data and cannot run code, and the Python version is part of every key since
the format may change between versions.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

_FORMAT = ("hrportal-screening-cache", 1, sys.version_info[:2])


class DiskCache:
    """A directory of derived tables; ``DiskCache(None)`` stores nothing and never finds anything."""

    def __init__(self, directory: str | os.PathLike[str] | None):
        self.directory = Path(directory) if directory else None

    def _path(self, name: str, key: str) -> Path:
        digest = hashlib.sha256(f"{name}\0{key}".encode()).hexdigest()[:32]
        return self.directory / f"{name}-{digest}.marshal"  # type: ignore[operator]

    def load(self, name: str, key: str) -> object | None:
        """The value stored under ``name`` for exactly this ``key``, or None (missing, stale or unreadable)."""
        if self.directory is None:
            return None
        try:
            with open(self._path(name, key), "rb") as handle:
                stored = marshal.loads(handle.read())  # noqa: S302 — our own files; marshal holds plain data, runs no code
        except FileNotFoundError:
            return None
        except (OSError, EOFError, ValueError, TypeError) as error:
            logger.info("screening cache %s unreadable, rebuilding: %s", name, error)
            return None
        if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == _FORMAT and stored[1] == key):
            return None
        return stored[2]

    def store(self, name: str, key: str, value: object) -> None:
        """Keep ``value`` for ``key``; silently does nothing where the directory is not writable."""
        if self.directory is None:
            return
        temporary = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=self.directory)
            with os.fdopen(descriptor, "wb") as handle:
                marshal.dump((_FORMAT, key, value), handle)
            os.replace(temporary, self._path(name, key))
            temporary = None
        except (OSError, ValueError) as error:  # ValueError: a value marshal cannot hold (a caller's bug)
            logger.info("screening cache %s not stored in %s: %s", name, self.directory, error)
        finally:
            if temporary is not None:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass
