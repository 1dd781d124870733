from django import template

from ..markup import thread_html
from ..reading_orders import ORDER_LABELS, PICKS, thread_query

register = template.Library()


@register.simple_tag
def thread_items(thread):
    """The page's comments as nested list items (built in Python for speed)."""
    prefix = thread_query(
        order=thread.order,
        page_number=thread.page_number,
        default=thread.default_order,
    )
    return thread_html(thread.comments, permalink_prefix=prefix, is_open=thread.is_open)


@register.simple_tag
def thread_page_query(thread, page_number, order=None):
    """The query string of another page of this thread, in this or another order."""
    return thread_query(
        order=order or thread.order,
        page_number=page_number,
        default=thread.default_order,
    )


@register.simple_tag
def reading_orders(thread):
    """The orders a reader may choose, as (order, label, query string, is current).

    The picks order is offered only when the discussion has picks.
    """
    return [
        (
            order,
            label,
            thread_query(order=order, page_number=1, default=thread.default_order),
            order == thread.order,
        )
        for order, label in ORDER_LABELS.items()
        if order != PICKS or thread.picks
    ]


@register.simple_tag
def pager_numbers(thread, around=2):
    """The page numbers the pager links: the first, the last, and those near
    the current one; None marks a gap."""
    wanted = {1, thread.page_count}
    wanted.update(range(thread.page_number - around, thread.page_number + around + 1))
    numbers, previous = [], 0
    for number in sorted(n for n in wanted if 1 <= n <= thread.page_count):
        if number > previous + 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


@register.simple_tag
def whole_thread_items(comments, is_open):
    """A thread's own page: its comments, each permalink pointing within it."""
    return thread_html(comments, permalink_prefix="", is_open=is_open)
