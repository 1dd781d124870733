"""/healthz for load balancers and uptime checks; /metrics for Prometheus."""

from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST

from .health import check_health, check_mail_outbox
from .metrics import may_read_metrics, metrics_text


@never_cache
def healthz(request):
    """200 while the database answers (status "ok" or "degraded"), else 503.

    A cache or task queue that is down slows pages without stopping them, so
    a load balancer should keep sending readers: the body says "degraded".
    """
    health = check_health()
    body = {
        "status": health.status,
        "database": health.database,
        "cache": health.cache,
        "tasks": health.tasks,
    }
    body["mail"] = check_mail_outbox()
    return JsonResponse(body, status=200 if health.is_serving else 503)


@never_cache
def metrics(request):
    """Prometheus' text format for a scraper with the token or an allowed address.

    Anyone else gets the site's 404, as for a page that does not exist.
    """
    if not may_read_metrics(request):
        raise Http404
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
