"""Figures for Prometheus at /metrics: requests, the page cache, the queues, comments.

Two kinds of figure. Requests and page-cache lookups are counted as they
happen, in each gunicorn worker; with several workers each would report only
its own share, so deploy/gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR and
prometheus-client's multiprocess mode adds up the workers' counts from the
files there. Everything else (tasks waiting and failed, notification mails,
comments) is read from the database when Prometheus asks, with the same
functions /healthz uses and indexed counts, so any worker answers alike.

/metrics answers only a request carrying `Authorization: Bearer
$METRICS_TOKEN` or coming from an address in METRICS_ALLOWED_ADDRESSES; any
other gets the site's 404, so the page does not advertise itself.
"""

import ipaddress
import logging
import os
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from prometheus_client import CollectorRegistry, Counter, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from masthead.privacy import client_ip

from .health import check_mail_outbox, failed_tasks, task_queue_age

logger = logging.getLogger(__name__)

# Anything else is counted as "other", so odd methods cannot add label values.
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

requests_answered = Counter(
    "masthead_http_requests",
    "Requests answered, by method and status class (2xx, 3xx, 4xx, 5xx).",
    ["method", "status"],
    registry=None,
)
page_cache_lookups = Counter(
    "masthead_page_cache_lookups",
    "Anonymous readers' page requests, by whether the page cache had the page "
    "(stale: the previous copy, served while another process redraws it).",
    ["result"],
    registry=None,
)
PAGE_CACHE_RESULTS = ("hit", "stale", "miss")
for _result in PAGE_CACHE_RESULTS:
    page_cache_lookups.labels(result=_result)  # all shown from the start


def count_request(*, method: str, status: int) -> None:
    method = method if method in _METHODS else "other"
    requests_answered.labels(method=method, status=f"{status // 100}xx").inc()


def count_page_cache_lookup(*, result: str) -> None:
    """Count one lookup; `result` is one of PAGE_CACHE_RESULTS."""
    page_cache_lookups.labels(result=result).inc()


def may_read_metrics(request) -> bool:
    """The request carries the metrics token or comes from an allowed address."""
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and constant_time_compare(offered, f"Bearer {token}"):
        return True
    allowed = settings.METRICS_ALLOWED_ADDRESSES
    if not allowed:
        return False
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in allowed)


def metrics_text() -> bytes:
    """Every figure, in Prometheus' text format."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(requests_answered)
        registry.register(page_cache_lookups)
    registry.register(SiteFigures())
    return generate_latest(registry)


class SiteFigures:
    """The figures read from the database (and RQ) each time Prometheus asks."""

    def collect(self):
        for figures in (_task_figures, _mail_figures, _comment_figures):
            try:
                yield from figures()
            except Exception:  # the other figures are still worth having
                logger.exception("Could not read figures for /metrics")


def _gauge(name: str, documentation: str, label: str, values: dict):
    gauge = GaugeMetricFamily(name, documentation, labels=[label])
    for label_value, value in values.items():
        gauge.add_metric([label_value], value)
    return gauge


def _task_figures():
    report = task_queue_age()
    queues = {report.get("backend", "default"): report}
    if isinstance(report.get("fallback"), dict):
        queues["fallback"] = report["fallback"]
    readable = {name: queue for name, queue in queues.items() if "waiting" in queue}
    yield _gauge(
        "masthead_tasks_waiting",
        "Tasks waiting for a worker, per queue.",
        "queue",
        {name: queue["waiting"] for name, queue in readable.items()},
    )
    yield _gauge(
        "masthead_tasks_oldest_waiting_seconds",
        "How long the oldest waiting task has waited, per queue.",
        "queue",
        {name: queue["oldest_waiting_seconds"] for name, queue in readable.items()},
    )
    failed = {name: n for name, n in failed_tasks().items() if name != "error"}
    yield _gauge(
        "masthead_tasks_failed",
        "Failed tasks still on record, per queue (watch its increase).",
        "queue",
        failed,
    )


def _mail_figures():
    backlog = check_mail_outbox()
    yield _gauge(
        "masthead_notification_mails",
        "Reply notification mails: waiting, overdue (a worker died holding them) "
        "and given up on.",
        "state",
        {state: backlog[state] for state in ("waiting", "overdue", "failed")},
    )


def _comment_figures():
    from masthead.discussion.models import Comment

    # Both counts use an index: the held ones are few, and a day's comments
    # are found by created_at however large the archive grows.
    held = Comment.objects.filter(status=Comment.Status.PENDING).count()
    since = timezone.now() - timedelta(days=1)
    posted = dict(
        Comment.objects.filter(created_at__gte=since)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    yield GaugeMetricFamily(
        "masthead_comments_held", "Comments awaiting a moderator now.", value=held
    )
    yield _gauge(
        "masthead_comments_posted_last_day",
        "Comments posted in the last 24 hours, by where they stand now "
        "(approved, pending, spam, removed).",
        "status",
        {status: posted.get(status, 0) for status in Comment.Status.values},
    )
