from django import template

from ..markup import thread_html

register = template.Library()


@register.simple_tag
def thread_items(thread):
    """The page's comments as nested list items (built in Python for speed)."""
    prefix = f"?cpage={thread.page_number}" if thread.page_number > 1 else ""
    return thread_html(thread.comments, permalink_prefix=prefix, is_open=thread.is_open)
