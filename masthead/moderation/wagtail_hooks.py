from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from . import urls
from .decisions import ACTIONS, FEATURE_ACTION, UNDO_ACTION, UNFEATURE_ACTION
from .models import Ban
from .queue import shown_pending_count
from .reports import HIDDEN_ACTION
from .views import MODERATE


class CommentsMenuItem(MenuItem):
    """The queue's menu entry, with the number of comments waiting."""

    def is_shown(self, request):
        return request.user.has_perm(MODERATE)

    def render_component(self, request):
        waiting = shown_pending_count()
        self.label = f"Comments ({waiting})" if waiting else "Comments"
        return super().render_component(request)


@hooks.register("register_admin_urls")
def register_queue_urls():
    return [path("moderation/", include(urls, namespace="moderation"))]


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return CommentsMenuItem(
        "Comments", reverse("moderation:queue"), icon_name="comment", order=250
    )


@hooks.register("register_permissions")
def register_moderation_permission():
    return Permission.objects.filter(
        content_type__app_label="discussion", codename="moderate_comments"
    )


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    labels = {
        "approve": "Comment approved",
        "spam": "Comment marked as spam",
        "remove": "Comment removed",
        "restore": "Comment restored",
    }
    for name, (_, action) in ACTIONS.items():
        actions.register_action(action, f"{name.capitalize()} comment", labels[name])
    actions.register_action(
        FEATURE_ACTION, "Choose as an editors' pick", "Chosen as an editors' pick"
    )
    actions.register_action(
        UNFEATURE_ACTION,
        "Take out of the editors' picks",
        "Taken out of the editors' picks",
    )
    actions.register_action(UNDO_ACTION, "Undo a comment decision", "Decision undone")
    actions.register_action(
        HIDDEN_ACTION, "Hidden by reader reports", "Comment hidden after reader reports"
    )


class BanViewSet(ModelViewSet):
    model = Ban
    icon = "cross"
    menu_label = "Bans"
    add_to_admin_menu = False
    form_fields = ["kind", "value", "until", "reason"]
    list_display = ["kind", "value", "until", "reason", "created_at"]
    list_filter = ["kind"]


@hooks.register("register_admin_viewset")
def register_ban_viewset():
    return BanViewSet("bans")
