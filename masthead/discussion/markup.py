"""The HTML of a thread, built in Python.

A busy discussion puts hundreds of comments on one page. Rendering each one
through a template include, with URL reversing and date filters, cost about
0.2 ms a comment (bench/discussion.py); building the same markup with string
formatting costs a small fraction of that. The comment's own text was
rendered and sanitised when it was written; everything else a reader
supplied (name, website) is escaped here.
"""

from datetime import tzinfo
from functools import cache
from html import escape
from typing import NamedTuple

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from masthead.web_links import is_web_link

from .models import Comment

_MONTHS = (
    "January February March April May June July August September October "
    "November December"
).split()


def thread_html(comments, *, permalink_prefix: str, is_open: bool) -> SafeString:
    """The list items of a page of comments, nested as `threads` arranged them."""
    page = _Page(_links(), escape(permalink_prefix), is_open, _zone())
    parts = []
    for comment in comments:
        parts.append('<li class="comments__item">')
        parts.append(_comment(comment, page))
        if comment.opens_replies:
            parts.append('<ul class="replies">\n')
        elif comment.more_replies:
            # The last reply shown of a long thread: the link to the rest
            # closes the thread's list of replies.
            parts.append(
                "</li>"
                + "</ul></li>" * (comment.closing_levels - 1)
                + _more_replies(comment, page.links)
                + "</ul></li>\n"
            )
        else:
            parts.append("</li>" + "</ul></li>" * comment.closing_levels + "\n")
    return mark_safe("".join(parts))  # noqa: S308 - every reader field escaped


def comment_html(comment: Comment, *, is_open: bool = True) -> SafeString:
    """One comment on its own, as the page's script inserts it after posting."""
    html = _comment(comment, _Page(_links(), "", is_open, _zone()))
    return mark_safe(html)  # noqa: S308 - every reader field escaped


class _Links(NamedTuple):
    """The addresses of a comment's pages, each as the text before and after its id."""

    reply: tuple[str, str]
    edit: tuple[str, str]
    delete: tuple[str, str]
    report: tuple[str, str]
    replies: tuple[str, str]


# Any number the <id:...> converter accepts; it marks where a comment's id goes.
_ID_MARK = 918273645


def _links() -> _Links:
    return _links_under(get_script_prefix(), get_urlconf())


@cache
def _links_under(script_prefix: str, urlconf: str | None) -> _Links:
    """The addresses of a comment's pages, as discussion/urls.py spells them.

    Reversed once per process for each script prefix and URLconf, not once
    per comment: a page can show thousands of comments, and their addresses
    differ only in the id.
    """

    def around_id(name: str) -> tuple[str, str]:
        before, after = reverse(name, urlconf=urlconf, args=[_ID_MARK]).split(
            str(_ID_MARK)
        )
        return before, after

    return _Links(*(around_id(f"discussion:{name}") for name in _Links._fields))


class _Page(NamedTuple):
    """What every comment of a page shares, worked out once per page."""

    links: _Links
    permalink_prefix: str  # the page's own query string, "?order=...&cpage=N"
    is_open: bool
    zone: tzinfo  # the site's time zone, looked up once rather than per comment


def _zone() -> tzinfo:
    return timezone.get_current_timezone()


def _comment(comment, page: _Page) -> str:
    pk = comment.pk
    if comment.shows_as_removed:
        by_author = " by its author" if comment.is_deleted_by_author else ""
        return (
            f'<article class="comment comment--removed" id="comment-{pk}">'
            f'<p class="comment__removed">Comment removed{by_author}.</p></article>'
        )
    held_class = " comment--held" if comment.is_held else ""
    return (
        f'<article class="comment{held_class}" id="comment-{pk}">\n'
        f"{_header(comment, page)}\n"
        + (_held_note(comment) if comment.is_held else "")
        + f'<div class="comment__text">{comment.html}</div>\n'
        f"{_actions(comment, page.links, page.is_open)}\n</article>"
    )


def _held_note(comment) -> str:
    """Why the reader's comment waits, in plain words; spam is not explained."""
    why = ""
    if comment.status == Comment.Status.PENDING and comment.held_reason:
        why = " " + escape(comment.held_reason)
    return (
        '<p class="comment__held-note">Your comment is awaiting moderation.'
        f"{why} Only you can see it until an editor approves it.</p>\n"
    )


def _header(comment, page: _Page) -> str:
    name = escape(comment.author_name)
    if is_web_link(comment.author_url):
        url = escape(comment.author_url)
        name = f'<a href="{url}" rel="nofollow ugc noopener">{name}</a>'
    number = (
        f'<span class="comment__number">{comment.number}.</span> '
        if comment.number
        else ""
    )
    context = (
        f' <span class="comment__context">in reply to {escape(comment.in_reply_to)}'
        "</span>"
        if comment.in_reply_to
        else ""
    )
    edited = (
        ' <span class="comment__edited">(edited)</span>' if comment.edited_at else ""
    )
    moment = comment.created_at.astimezone(page.zone)
    return (
        f'<header class="comment__header">{number}'
        f'<span class="comment__author">{name}</span>{badge_html(comment)} '
        f"says{context}\n"
        f'<a class="comment__permalink" '
        f'href="{page.permalink_prefix}#comment-{comment.pk}">'
        f'<time datetime="{moment.isoformat()}">{_readable(moment)}</time></a>'
        f"{edited}</header>"
    )


def badge_html(comment) -> str:
    """The staff or author badge after a name, or "" (comments just posted
    through the page's script carry none until the page is drawn again)."""
    badge = getattr(comment, "badge", "")
    if not badge:
        return ""
    return f' <span class="badge badge--{badge.lower()}">{badge}</span>'


def _more_replies(comment, urls: _Links) -> str:
    count = comment.more_replies
    top = comment.more_replies_of
    words = "1 more reply" if count == 1 else f"{count} more replies"
    href = f"{urls.replies[0]}{top}{urls.replies[1]}"
    return (
        f'<li class="comments__more"><a class="comments__more-link" href="{href}" '
        f'data-thread="{top}">{words}</a></li>'
    )


def _readable(moment) -> str:
    # Spelled out rather than through strftime, which cost more per comment
    # than the rest of the header together.
    return (
        f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year} "
        f"at {moment.hour:02d}:{moment.minute:02d}"
    )


def _actions(comment, urls: _Links, is_open: bool) -> str:
    pk = comment.pk
    links = []
    if comment.is_approved and is_open:
        data = f'data-reply-to="{pk}" data-author="{escape(comment.author_name)}"'
        reply = f"{urls.reply[0]}{pk}{urls.reply[1]}"
        links.append(f'<a class="comment__reply" href="{reply}" {data}>Reply</a>')
        links.append(
            f'<a class="comment__quote" href="{reply}?quote=1" {data}>Quote</a>'
        )
    if comment.changeable_until:
        # The page's script removes these once the time is up, should the
        # reader keep the page open that long.
        until = comment.changeable_until.isoformat()
        links.append(
            f'<span class="comment__own-actions" data-changeable-until="{until}">'
            f'<a href="{urls.edit[0]}{pk}{urls.edit[1]}">Edit</a> '
            f'<a href="{urls.delete[0]}{pk}{urls.delete[1]}">Delete</a></span>'
        )
    elif comment.is_approved and not comment.is_own:
        links.append(
            f'<a class="comment__report" href="{urls.report[0]}{pk}{urls.report[1]}" '
            'rel="nofollow">Report</a>'
        )
    return f'<footer class="comment__actions">{" ".join(links)}</footer>'
