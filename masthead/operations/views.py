"""/healthz: one JSON answer for load balancers and uptime checks."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .health import check_health, check_mail_outbox


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
