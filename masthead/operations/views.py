"""/healthz: one JSON answer for load balancers and uptime checks."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .health import check_health, check_mail_outbox


@never_cache
def healthz(request):
    """200 when the database and cache answer, 503 otherwise; the body says which."""
    health = check_health()
    body = {"database": health.database, "cache": health.cache, "tasks": health.tasks}
    body["mail"] = check_mail_outbox()
    return JsonResponse(body, status=200 if health.is_serving else 503)
