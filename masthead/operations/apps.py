from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "masthead.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        # Registers the system checks about proxies in front (masthead.W011...).
        from . import proxies  # noqa: F401
