from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "masthead.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        import os

        from django.conf import settings

        # proxies registers the system checks about proxies in front
        # (masthead.W011...); request_ids forgets each request's id once its
        # answer is written (request_finished).
        from . import (
            proxies,  # noqa: F401
            request_ids,  # noqa: F401
        )

        if settings.DATABASE_POOL_MAX_SIZE:
            from masthead.database_connections import forget_inherited_pools

            os.register_at_fork(after_in_child=forget_inherited_pools)
