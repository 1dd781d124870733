from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "masthead.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        # proxies registers the system checks about proxies in front
        # (masthead.W011...); request_ids forgets each request's id once its
        # answer is written (request_finished).
        from . import (
            proxies,  # noqa: F401
            request_ids,  # noqa: F401
        )
