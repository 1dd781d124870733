from django import template

register = template.Library()


@register.filter
def permalink_prefix(thread) -> str:
    """The query a comment's permalink needs to land on this page of the thread."""
    return f"?cpage={thread.page_number}" if thread.page_number > 1 else ""
