from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("comments/<int:comment_id>/", views.comment_history, name="comment"),
    path("comments/<int:comment_id>/ban/", views.ban, name="ban"),
    path("history/<int:entry_id>/undo/", views.undo, name="undo"),
]
