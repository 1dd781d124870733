from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .data_requests import LOG_ACTIONS
from .models import ReaderRequest


class ReaderDataMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.MODERATE)


@hooks.register("register_admin_urls")
def register_reader_data_urls():
    urls = (
        [
            path("", admin_views.reader_data, name="lookup"),
            path("export/", admin_views.export, name="export"),
            path("erase/", admin_views.erase, name="erase"),
        ],
        "reader_data",
    )
    return [path("reader-data/", include(urls, namespace="reader_data"))]


@hooks.register("register_settings_menu_item")
def register_reader_data_menu_item():
    return ReaderDataMenuItem(
        "Reader data", reverse("reader_data:lookup"), icon_name="user", order=900
    )


@hooks.register("register_log_actions")
def register_reader_log_actions(actions):
    for action, name in LOG_ACTIONS.items():
        label = ReaderRequest.Action(action).label
        actions.register_action(name, label, f"Reader data request: {label.lower()}")
    actions.register_action(
        "masthead.sign_in.blocked",
        "Sign-in attempts blocked",
        "Sign-in or password-reset attempts blocked for a while",
    )
