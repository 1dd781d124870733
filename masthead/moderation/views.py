"""The moderation queue in the Wagtail admin: doors onto queue reads and decisions.

Every action is an ordinary form post, so the queue works without
JavaScript: the decision is made, the banner (with its Undo) is kept in the
session, and the moderator lands back on the same tab, filters and page.
queue.js sends the same posts with fetch, asking for JSON, and acts in place.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.models import ModelLogEntry

from masthead.database_ids import database_id
from masthead.discussion.models import Comment
from masthead.untrusted_text import clean_line

from . import decisions
from .bans import ban_and_mark_spam, ban_author_of, ban_kinds_for
from .held_reasons import why_held
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
PICK_ACTIONS = ("feature", "unfeature")
# The last decision's banner, shown once on the next queue page (no JavaScript).
BANNER = "moderation_banner"


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
        "banner": request.session.pop(BANNER, None),
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
        "ban_kinds": ban_kinds_for(comment),
        "why": why_held(held_reason=comment.held_reason, spam_score=comment.spam_score),
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
    until = BAN_PERIODS.get(request.POST.get("period", "ever"))
    details = {
        "comment": comment,
        "kinds": request.POST.getlist("kind"),
        "until": timezone.now() + until if until else None,
        "reason": clean_line(request.POST.get("reason"), max_length=300),
        "moderator": request.user,
    }
    if "and_spam" in request.POST:
        try:
            bans = ban_and_mark_spam(**details)
        except ValidationError as refusal:
            messages.error(request, refusal.messages[0])
            return redirect("moderation:comment", comment.pk)
        done = "%(count)d ban in force; the comment is now spam."
        many = "%(count)d bans in force; the comment is now spam."
    else:
        bans = ban_author_of(**details)
        done, many = "%(count)d ban in force.", "%(count)d bans in force."
    if bans:
        messages.success(
            request, ngettext(done, many, len(bans)) % {"count": len(bans)}
        )
    else:
        messages.error(request, "Choose what to ban.")
    return redirect("moderation:comment", comment.pk)


@require_POST
def undo_decisions(request):
    """Undo the decisions the banner names (one comment's or a bulk decision's)."""
    _require_moderator(request)
    outcome = decisions.undo_decisions(
        entry_ids=request.POST.getlist("entry"), moderator=request.user
    )
    if outcome.changed:
        message = outcome.summary("undo")
    else:
        message = "Nothing to undo: those comments have changed since."
    if _wants_json(request):
        restored = [comment.pk for comment in outcome.changed]
        return JsonResponse({"message": message, "restored": restored})
    request.session[BANNER] = {"message": message, "entries": []}
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("moderation:queue")
    return redirect(back)


def _act_on_queue(request):
    ids, action = request.POST.getlist("comment"), request.POST.get("action", "")
    single = request.POST.get("act", "")
    if single:
        target, _, action = single.partition(":")
        ids = [target]
    try:
        outcome = _decide(ids=ids, action=action, moderator=request.user)
    except ValidationError as refusal:
        if _wants_json(request):
            return JsonResponse({"error": refusal.messages[0]}, status=400)
        messages.error(request, refusal.messages[0])
        return redirect(request.get_full_path())
    banner = {"message": outcome.summary(action), "entries": outcome.entry_ids}
    if _wants_json(request):
        changed = [comment.pk for comment in outcome.changed]
        return JsonResponse({**banner, "changed": changed})
    request.session[BANNER] = banner
    return redirect(request.get_full_path())


def _decide(*, ids: list[str], action: str, moderator) -> decisions.Outcome:
    """Apply a queue post's decision; ValidationError says what was wrong with it."""
    if action not in decisions.ACTIONS and action not in PICK_ACTIONS:
        raise ValidationError("Choose what to do with the comments.")
    if not ids:
        raise ValidationError(
            "Tick at least one comment (x selects with the keyboard)."
        )
    if action in PICK_ACTIONS:
        if len(ids) != 1 or database_id(ids[0]) is None:
            raise ValidationError("Choose editors' picks one comment at a time.")
        comment = Comment.objects.filter(pk=database_id(ids[0])).first()
        if comment is None:
            raise ValidationError("That comment no longer exists.")
        return decisions.feature_comment(
            comment=comment, featured=action == "feature", moderator=moderator
        )
    return decisions.decide(comment_ids=ids, action=action, moderator=moderator)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


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
