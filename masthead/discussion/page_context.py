"""What the article page needs to show its discussion."""

from masthead.accounts.guest_details import remembered_guest_details
from masthead.accounts.names import needs_display_name

from .forms import CommentForm
from .models import DiscussionSettings
from .openness import is_open_for_comments
from .ownership import viewer_for
from .reading_orders import canonical_query, default_order, order_from
from .threads import thread_for


def discussion_context(request, article, *, form=None, preview_html="") -> dict:
    """The thread page the reader asked for (?order=, ?cpage=), and the form."""
    rules = DiscussionSettings.for_request(request)
    is_guest = not request.user.is_authenticated
    default = default_order(newest_first=rules.newest_first)
    return {
        "thread": thread_for(
            article,
            viewer=viewer_for(request),
            page_number=page_number_from(request.GET.get("cpage")),
            order=order_from(request.GET.get("order"), default=default),
            default_order=default,
            is_open=is_open_for_comments(
                article, close_after_days=rules.close_after_days
            ),
        ),
        "comment_form": form or _blank_form(request, is_guest=is_guest),
        "comment_preview": preview_html,
    }


def _blank_form(request, *, is_guest: bool) -> CommentForm:
    initial = remembered_guest_details(request) if is_guest else {}
    return CommentForm(
        initial=initial,
        is_guest=is_guest,
        asks_for_name=needs_display_name(request.user),
    )


def page_number_from(raw) -> int:
    try:
        return max(1, int(raw))
    except (TypeError, ValueError):
        return 1


def canonical_thread_address(request, article) -> str | None:
    """The article's address to redirect to when `?order=` names no page of
    its own (unknown, or the default order spelled out); None otherwise."""
    if "order" not in request.GET:
        return None
    rules = DiscussionSettings.for_request(request)
    query = canonical_query(
        request.GET, default=default_order(newest_first=rules.newest_first)
    )
    return None if query is None else f"{article.url}{query}"
