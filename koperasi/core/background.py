"""Starting background work (Celery tasks) from a page or the API.

``enqueue(task, **kwargs)`` hands the task to the broker and answers its ``AsyncResult``; when the broker
(Redis) cannot take it, it raises :class:`BackgroundUnavailable` instead of a 500: nothing was started and
nothing is half-started, so the user may simply start it again once the broker is back. A page shows
``UNAVAILABLE`` as a message; the API answers 503 (``koperasi.core.middleware.ServiceUnavailableMiddleware``).
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = _(
    "Background work cannot be started right now: the job queue cannot be reached. Nothing was started; "
    "please try again in a few minutes."
)


class BackgroundUnavailable(Exception):
    """The broker could not take a task: nothing was started."""

    def __init__(self, task_name: str):
        super().__init__(f"{task_name}: the broker cannot be reached")
        self.task_name = task_name


def enqueue(task, **kwargs):
    """``task.delay(**kwargs)``, or :class:`BackgroundUnavailable` when the broker cannot take it."""
    try:
        return task.apply_async(kwargs=kwargs)
    except (BrokerError, RedisConnectionError, RedisTimeoutError) as error:
        logger.warning("could not enqueue %s: %s", task.name, error)
        raise BackgroundUnavailable(task.name) from error
