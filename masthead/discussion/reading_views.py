"""Doors for reading a discussion beyond the article page: a long thread
whole, and the count an open page asks for."""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from masthead.page_cache import depend_on, page_key

from .latest import latest_comments
from .models import DiscussionSettings
from .openness import is_open_for_comments
from .ownership import viewer_for
from .threads import whole_thread_for
from .visibility import shown_comment

# How long a browser or CDN may reuse the count; the app's own copy is exact.
COUNT_MAX_AGE = 30


@require_GET
def replies(request, comment_id):
    """A thread with every reply: where "N more replies" leads without script.

    Any comment's id finds its thread; the thread's own address is that of
    its first comment the reader may see (its top-level one unless removed).
    """
    comment = shown_comment(request, comment_id)
    article = comment.discussion.article
    # Noted before the replies are read, as the article page does.
    depend_on(request, page_key(article.pk))
    comments = whole_thread_for(comment, viewer=viewer_for(request))
    first_shown = next(c for c in comments if not c.shows_as_removed)
    if first_shown.pk != comment.pk:
        return redirect("discussion:replies", comment_id=first_shown.pk)
    rules = DiscussionSettings.for_request(request)
    context = {
        "page": article,
        "first_shown": first_shown,
        "comments": comments,
        "is_open": is_open_for_comments(
            article, close_after_days=rules.close_after_days
        ),
    }
    return render(request, "discussion/replies.html", context)


@require_GET
def count(request, article_id):
    """{"comment_count": N, "latest_id": id} for the article's open pages."""
    latest = latest_comments(article_id=article_id)
    if latest is None:
        return JsonResponse({"error": "No such article."}, status=404)
    response = JsonResponse(
        {"comment_count": latest.comment_count, "latest_id": latest.latest_id}
    )
    patch_cache_control(response, public=True, max_age=COUNT_MAX_AGE)
    return response
