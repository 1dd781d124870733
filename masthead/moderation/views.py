"""The moderation queue in the Wagtail admin: doors onto queue reads and decisions.

Every action is an ordinary form post, so the queue works without
JavaScript; the keyboard shortcuts only press these buttons.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST
from wagtail.models import ModelLogEntry

from masthead.database_ids import database_id
from masthead.discussion.models import Comment
from masthead.untrusted_text import clean_line

from . import decisions
from .bans import ban_author_of
from .models import Ban
from .queue import (
    TABS,
    QueueFilters,
    queue_page,
    sections_to_filter_by,
    shown_count,
    tab_counts,
)

MODERATE = "discussion.moderate_comments"
BAN_PERIODS = {
    "day": timedelta(days=1),
    "week": timedelta(days=7),
    "month": timedelta(days=30),
    "ever": None,
}


def _require_moderator(request) -> None:
    if not request.user.has_perm(MODERATE):
        raise PermissionDenied("Only moderators can do this.")


def queue(request):
    _require_moderator(request)
    if request.method == "POST":
        return _act_on_queue(request)
    filters = _filters_from(request.GET)
    counts = tab_counts(filters)
    query = request.GET.copy()
    query.pop("p", None)
    page = queue_page(
        filters=filters, page_number=request.GET.get("p"), count=counts[filters.tab]
    )
    context = {
        "page_obj": page,
        "filters": filters,
        "tabs": [
            (key, label, shown_count(counts[key])) for key, (label, _) in TABS.items()
        ],
        "query": query.urlencode(),
        "actions": list(decisions.ACTIONS),
        "sections": sections_to_filter_by(),
    }
    return TemplateResponse(request, "moderation/queue.html", context)


def comment_history(request, comment_id):
    _require_moderator(request)
    comment = get_object_or_404(
        Comment.objects.select_related("discussion__article", "parent"), pk=comment_id
    )
    context = {
        "comment": comment,
        "entries": ModelLogEntry.objects.for_instance(comment).select_related("user"),
        "ban_kinds": Ban.Kind.choices,
        "ban_periods": BAN_PERIODS,
        "actions": decisions.actions_for(comment.status),
    }
    return TemplateResponse(request, "moderation/comment.html", context)


@require_POST
def undo(request, entry_id):
    _require_moderator(request)
    entry = get_object_or_404(
        ModelLogEntry.objects.filter(action__startswith="masthead.comment."),
        pk=entry_id,
    )
    if "previous_status" not in (entry.data or {}):
        messages.error(request, "That entry cannot be undone.")
    else:
        try:
            comment = decisions.undo(entry=entry, moderator=request.user)
        except ValidationError as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(
                request,
                f"Undone: the comment is {comment.get_status_display().lower()} again.",
            )
    return redirect("moderation:comment", entry.object_id)


@require_POST
def ban(request, comment_id):
    _require_moderator(request)
    comment = get_object_or_404(Comment, pk=comment_id)
    period = request.POST.get("period", "ever")
    until = BAN_PERIODS.get(period)
    bans = ban_author_of(
        comment=comment,
        kinds=request.POST.getlist("kind"),
        until=timezone.now() + until if until else None,
        reason=clean_line(request.POST.get("reason"), max_length=300),
        moderator=request.user,
    )
    messages.success(request, f"{len(bans)} ban(s) in force.")
    return redirect("moderation:comment", comment.pk)


def _act_on_queue(request):
    ids, action = request.POST.getlist("comment"), request.POST.get("action", "")
    single = request.POST.get("act", "")
    if single:
        target, _, action = single.partition(":")
        ids = [target]
    if action not in decisions.ACTIONS:
        messages.error(request, "Choose what to do with the comments.")
    elif not ids:
        messages.error(request, "Tick at least one comment.")
    else:
        outcome = decisions.decide(
            comment_ids=ids, action=action, moderator=request.user
        )
        messages.success(request, outcome.summary(action))
    return redirect(request.get_full_path())


def _filters_from(query) -> QueueFilters:
    def day(name):
        try:
            return parse_date(query.get(name, "") or "")
        except ValueError:
            return None

    # One field: the queue's own links give an id, a moderator types a title.
    article_id = database_id(query.get("article"))
    article = clean_line(query.get("article"), max_length=200)
    return QueueFilters(
        tab=query.get("tab", "pending") if query.get("tab") in TABS else "pending",
        article_id=article_id,
        article_title="" if article_id else article,
        section_id=database_id(query.get("section")),
        author=clean_line(query.get("author"), max_length=100),
        text=clean_line(query.get("q"), max_length=200),
        since=day("since"),
        until=day("until"),
    )
