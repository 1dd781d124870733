from django.urls import path

import masthead.database_ids  # noqa: F401 (registers <id:...>)

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("comments/<id:comment_id>/", views.comment_history, name="comment"),
    path("comments/<id:comment_id>/ban/", views.ban, name="ban"),
    path("history/<id:entry_id>/undo/", views.undo, name="undo"),
    path("undo/", views.undo_decisions, name="undo_decisions"),
]
