"""Bookkeeping for periodic commands that every server's timer may start."""

from django.db import models
from django.utils import timezone


class RunLock(models.Model):
    """Which process runs a periodic command now, on databases without advisory
    locks (SQLite). PostgreSQL uses pg_try_advisory_xact_lock instead."""

    name = models.CharField(max_length=100, primary_key=True)
    # "host:pid:token": the pid lets a run on the same machine take over the lock
    # of one that died, without waiting for the expiry.
    holder = models.CharField(max_length=200)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} held by {self.holder} until {self.expires_at}"


class FinishedRun(models.Model):
    """A once-per-period job that is done, e.g. the moderation digest of one day."""

    job = models.CharField(max_length=100)
    period = models.CharField(max_length=40)
    finished_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["job", "period"], name="finished_run_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.job} for {self.period}"
