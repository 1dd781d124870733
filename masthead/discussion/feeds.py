"""An RSS feed of each article's approved comments, newest first."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from masthead.publishing.models import ArticlePage
from masthead.publishing.restrictions import public_only

from .models import PUBLIC, Comment
from .rendering import plain_text_excerpt

FEED_LENGTH = 50


class ArticleCommentsFeed(Feed):
    def get_object(self, request, article_id):
        return get_object_or_404(public_only(ArticlePage.objects.live()), pk=article_id)

    def title(self, article):
        return f"Comments on “{article.title}”"

    def link(self, article):
        return article.url + "#comments"

    def description(self, article):
        return f"Readers' comments on “{article.title}”."

    def items(self, article):
        return (
            # Everyone gets the same feed, so it shows what everyone may see.
            Comment.objects.visible_to(PUBLIC)
            .filter(discussion__article=article)
            .order_by("-created_at")[:FEED_LENGTH]
        )

    def item_title(self, comment):
        return f"{comment.author_name}: {plain_text_excerpt(comment.html, length=80)}"

    def item_description(self, comment):
        return comment.html

    def item_link(self, comment):
        return reverse("discussion:permalink", args=[comment.pk])

    def item_pubdate(self, comment):
        return comment.created_at

    def item_author_name(self, comment):
        return comment.author_name
