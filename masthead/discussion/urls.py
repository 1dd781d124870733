from django.urls import path

from . import feeds, report_views, views

app_name = "discussion"

urlpatterns = [
    path("articles/<int:article_id>/comments/", views.submit, name="submit"),
    path(
        "articles/<int:article_id>/comments/feed/",
        feeds.ArticleCommentsFeed(),
        name="feed",
    ),
    path("comments/<int:comment_id>/", views.permalink, name="permalink"),
    path("comments/<int:comment_id>/reply/", views.reply, name="reply"),
    path("comments/<int:comment_id>/edit/", views.edit, name="edit"),
    path("comments/<int:comment_id>/delete/", views.delete, name="delete"),
    path("comments/<int:comment_id>/report/", report_views.report, name="report"),
]
