from django.urls import path

import masthead.database_ids  # noqa: F401 (registers <id:...>)

from . import feeds, reading_views, report_views, views

app_name = "discussion"

urlpatterns = [
    path("articles/<id:article_id>/comments/", views.submit, name="submit"),
    path(
        "articles/<id:article_id>/comments/feed/",
        feeds.ArticleCommentsFeed(),
        name="feed",
    ),
    path("articles/<id:article_id>/count/", reading_views.count, name="count"),
    path("comments/<id:comment_id>/", views.permalink, name="permalink"),
    path("comments/<id:comment_id>/replies/", reading_views.replies, name="replies"),
    path("comments/<id:comment_id>/reply/", views.reply, name="reply"),
    path("comments/<id:comment_id>/edit/", views.edit, name="edit"),
    path("comments/<id:comment_id>/delete/", views.delete, name="delete"),
    path("comments/<id:comment_id>/report/", report_views.report, name="report"),
]
