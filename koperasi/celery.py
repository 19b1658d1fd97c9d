"""The Celery application.

Settings come from Django's (``CELERY_*``). Without ``REDIS_URL`` tasks run eagerly in-process.
Tasks that touch tenant data derive from :class:`CooperativeTask` and take ``cooperative_id``.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koperasi.settings")

app = Celery("koperasi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs register here (name → {"task", "schedule", "kwargs"}); apps add theirs in
# their AppConfig.ready() through register_periodic_task so the schedule is one readable list.
app.conf.beat_schedule = {}


def register_periodic_task(name: str, task: str, schedule: Any, **kwargs: Any) -> None:
    """Add a beat entry (``schedule`` is seconds, a timedelta or a crontab)."""
    app.conf.beat_schedule[name] = {"task": task, "schedule": schedule, **kwargs}


class MissingCooperativeError(RuntimeError):
    """A tenant task was called without the cooperative it must work for."""


class CooperativeTask(Task):
    """Base class for tasks that work on one cooperative's data.

    The task must be called with a ``cooperative_id`` keyword argument; it refuses to run
    without one. Before the task body runs, :meth:`enter_cooperative` sets the tenant context
    (the tenancy package overrides the hook to set the PostgreSQL session settings).
    """

    abstract = True
    # A task option (``@shared_task(..., one_at_a_time=True)``) for the monthly money jobs: the whole run is
    # one transaction that first takes a PostgreSQL advisory lock on (task, arguments), so a run delivered
    # again while the first still works (a visibility timeout shorter than the job) waits for it, then
    # finds the month done and changes nothing, instead of failing on the entries the first one wrote.
    one_at_a_time = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        cooperative_id = kwargs.get("cooperative_id")
        if not cooperative_id:
            raise MissingCooperativeError(f"{self.name} needs cooperative_id")
        with self.enter_cooperative(int(cooperative_id)):
            if not self.one_at_a_time:
                return super().__call__(*args, **kwargs)
            from django.db import connection, transaction

            with transaction.atomic():
                with connection.cursor() as cursor:
                    key = f"{self.name}:{sorted(kwargs.items())}"
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
                return super().__call__(*args, **kwargs)

    def enter_cooperative(self, cooperative_id: int):
        from koperasi.tenancy.context import cooperative_context

        return cooperative_context(cooperative_id)
