from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "masthead.operations"
    label = "operations"
    verbose_name = "Operations"
