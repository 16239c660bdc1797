"""Errors of the scale-out engines.

Kept in their own module so that results, local and Ray engines can raise them without importing
each other. Every one takes a single message argument: exceptions raised in a worker process are
pickled back to the driver, and an exception whose ``__init__`` wants more arguments than it pickles
(such as :class:`~manysides.errors.ModelLoadError`) fails to unpickle and hides the real cause.
"""

from __future__ import annotations

from manysides.errors import ManysidesError


class ScaleError(ManysidesError):
    """A scale-out run failed: a worker broke, Ray is missing or unreachable, or a result is unreadable."""


class WorkerError(ScaleError):
    """Extraction failed inside a worker; the message is the original error's one-line description."""
