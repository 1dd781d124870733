"""Doors into the discussion: parse the request, call posting, shape the reply.

Every form works without JavaScript (a full page comes back); the page's
script asks for JSON instead with an `Accept: application/json` header.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from masthead.accounts.address_proof import proven_email
from masthead.accounts.guest_details import (
    keep_guest_details,
    remembered_guest_details,
)
from masthead.accounts.names import give_display_name, needs_display_name
from masthead.moderation.form_signals import (
    form_age,
    return_stamp,
    spend_stamp,
    stamp_form,
)
from masthead.moderation.limits import (
    TOO_FAST_MESSAGE,
    TOO_MANY_PREVIEWS_MESSAGE,
    is_posting_too_fast,
    is_previewing_too_fast,
)
from masthead.notifications.subscribing import subscribe_after_posting
from masthead.privacy import client_ip, hash_ip
from masthead.publishing.models import ArticlePage
from masthead.publishing.restrictions import public_only

from . import posting
from .badges import badge_for
from .forms import CommentForm, EditCommentForm
from .long_threads import is_folded, thread_page_url
from .markup import comment_html
from .models import Comment, DiscussionSettings
from .origin import is_forgery_safe
from .ownership import can_change, remember_comment
from .page_context import discussion_context
from .posting import MAX_TEXT_LENGTH
from .quoting import quote_for_reply
from .rendering import render_comment
from .threads import page_of_comment, place_of_new_comment
from .visibility import shown_comment, shown_parent


@csrf_exempt  # checked below: a token, or for guests the request's origin
@require_POST
def submit(request, article_id):
    if not is_forgery_safe(request):
        raise PermissionDenied("This form must be sent from this site's own pages.")
    article = _live_article(article_id)
    is_guest = not request.user.is_authenticated
    if "preview" in request.POST:
        return _preview(request, article, is_guest=is_guest)
    form = CommentForm(
        request.POST,
        is_guest=is_guest,
        asks_for_name=needs_display_name(request.user),
    )
    if not form.is_valid():
        return _form_again(request, article, form)
    parent = _parent_from(request, form, article)
    if form.errors:
        return _form_again(request, article, form)
    if form.asks_for_name:
        give_display_name(user=request.user, name=form.cleaned_data["name"])
    author = _author_from(request, form)
    if is_posting_too_fast(request, email=author.email):
        form.add_error(None, TOO_FAST_MESSAGE)
        return _form_again(request, article, form, status=429)
    # One form, one post per client: see form_signals.py for why per client.
    stamp, client_hash = form.cleaned_data.get("started"), hash_ip(author.ip_address)
    is_first_use = spend_stamp(stamp=stamp, client_hash=client_hash)
    try:
        comment = posting.post_comment(
            article=article,
            author=author,
            text=form.cleaned_data["text"],
            parent=parent,
            signals=posting.FormSignals(
                honeypot_filled=bool(form.cleaned_data.get("subject")),
                form_age=form_age(stamp),
                is_reused_form=not is_first_use,
            ),
        )
    except ValidationError as error:
        if is_first_use:  # nothing was posted with it, so it may be sent again
            return_stamp(stamp=stamp, client_hash=client_hash)
        _add_errors(form, error)
        return _form_again(request, article, form)
    subscribe_after_posting(
        comment=comment,
        to_replies=form.cleaned_data["notify_replies"],
        to_article=form.cleaned_data["notify_article"],
        user=request.user,
        proven_email=author.proven_email,
    )
    response = _posted(request, article, comment)
    remember_comment(request, response, comment)
    keep_guest_details(request, response, details=form.cleaned_data)
    return response


def reply(request, comment_id):
    """The no-JavaScript reply page: the parent named and quoted, then the form.

    With ?quote=1 the box starts with the parent quoted; the page's script
    asks for that quotation alone, as JSON.
    """
    parent = shown_comment(request, comment_id, approved_only=True)
    if "quote" in request.GET and _wants_json(request):
        return JsonResponse({"quote": quote_for_reply(parent)})
    article = parent.discussion.article
    is_guest = not request.user.is_authenticated
    initial = remembered_guest_details(request) if is_guest else {}
    initial["parent"] = parent.pk
    if "quote" in request.GET:
        initial["text"] = quote_for_reply(parent)
    form = CommentForm(
        initial=initial,
        is_guest=is_guest,
        asks_for_name=needs_display_name(request.user),
    )
    return render(
        request,
        "discussion/reply.html",
        {"page": article, "parent": parent, "comment_form": form},
    )


def permalink(request, comment_id):
    """Send a reader to the page of the discussion that shows this comment."""
    comment = shown_comment(request, comment_id)
    return redirect(_comment_url(request, comment.discussion.article, comment))


def edit(request, comment_id):
    """The author's edit page: the time left, or that it has run out."""
    comment = _own_comment(request, comment_id)
    article = comment.discussion.article
    form = EditCommentForm(request.POST or None, initial={"text": comment.text})
    is_open = posting.is_within_edit_window(comment)
    if request.method == "POST" and form.is_valid() and is_open:
        try:
            posting.edit_comment(
                comment=comment,
                text=form.cleaned_data["text"],
                proven_email=proven_email(request, email=comment.author_email),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(_comment_url(request, article, comment))
    is_late = request.method == "POST" and not is_open
    status = 400 if form.errors or is_late else 200
    context = {
        "page": article,
        "comment": comment,
        "form": form,
        **_change_window(comment),
    }
    return render(request, "discussion/edit.html", context, status=status)


def delete(request, comment_id):
    comment = _own_comment(request, comment_id)
    article = comment.discussion.article
    error = ""
    if request.method == "POST":
        try:
            posting.delete_comment(comment=comment)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            return redirect(article.url + "#comments")
    context = {
        "page": article,
        "comment": comment,
        "error": error,
        **_change_window(comment),
    }
    return render(
        request, "discussion/delete.html", context, status=400 if error else 200
    )


# Helpers for the doors above.


def _change_window(comment) -> dict:
    """What the edit and delete pages say about the time left to change it."""
    deadline = posting.change_deadline(comment.created_at)
    seconds_left = (deadline - timezone.now()).total_seconds()
    return {
        "window_minutes_text": str(settings.COMMENT_EDIT_MINUTES),
        "changeable_until": deadline if seconds_left >= 0 else None,
        "minutes_left": max(0, int(seconds_left // 60)),
    }


def _live_article(article_id) -> ArticlePage:
    return get_object_or_404(public_only(ArticlePage.objects.live()), pk=article_id)


def _own_comment(request, comment_id) -> Comment:
    comment = shown_comment(request, comment_id)
    if not can_change(request, comment):
        raise PermissionDenied("Only the comment's author can change it.")
    return comment


def _parent_from(request, form, article) -> Comment | None:
    parent_id = form.cleaned_data.get("parent")
    if not parent_id:
        return None
    parent = shown_parent(request, article=article, parent_id=parent_id)
    if parent is None:
        form.add_error("parent", "That comment is not part of this discussion.")
    return parent


def _author_from(request, form) -> posting.CommentAuthor:
    ip_address = client_ip(request)
    if request.user.is_authenticated:
        user = request.user
        return posting.CommentAuthor(
            name=user.public_name,
            email=user.email,
            user=user,
            ip_address=ip_address,
            proven_email=proven_email(request, email=user.email),
        )
    data = form.cleaned_data
    return posting.CommentAuthor(
        name=data["name"],
        email=data["email"],
        url=data.get("website") or "",
        ip_address=ip_address,
        proven_email=proven_email(request, email=data["email"]),
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _comment_url(request, article, comment) -> str:
    """Where a comment shows: its page of the discussion in the site's own
    order, or its thread's own page when it sits past "N more replies"."""
    if is_folded(comment):
        return thread_page_url(comment)
    page = page_of_comment(
        comment, newest_first=DiscussionSettings.for_request(request).newest_first
    )
    query = f"?cpage={page}" if page > 1 else ""
    return f"{article.url}{query}#{comment.anchor}"


def _form_again(request, article, form, *, preview_html="", status=400):
    """Show the form again with the reader's words and what went wrong."""
    status = 200 if preview_html else status
    if _wants_json(request) and not preview_html:
        errors = {field: [str(m) for m in msgs] for field, msgs in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=status)
    parent_id = _whole_number(form["parent"].value())
    if parent_id and not form.errors.get("parent"):
        parent = shown_parent(request, article=article, parent_id=parent_id)
        if parent is not None:
            context = {
                "page": article,
                "parent": parent,
                "comment_form": form,
                "comment_preview": preview_html,
            }
            return render(request, "discussion/reply.html", context, status=status)
    context = article.get_context(request)
    context.update(
        discussion_context(request, article, form=form, preview_html=preview_html)
    )
    return TemplateResponse(
        request, article.get_template(request), context, status=status
    )


def _preview(request, article, *, is_guest: bool):
    """Render the text as it would appear; the other fields wait for posting."""
    # An unbound form keeps what the reader typed without scolding them for
    # fields they have not reached yet.
    form = CommentForm(
        initial=request.POST.dict(),
        is_guest=is_guest,
        asks_for_name=needs_display_name(request.user),
    )
    if is_previewing_too_fast(request):
        form.errors[NON_FIELD_ERRORS] = form.error_class(
            [TOO_MANY_PREVIEWS_MESSAGE], error_class="nonfield"
        )
        return _form_again(request, article, form, status=429)
    preview_html = render_comment(request.POST.get("text", "")[:MAX_TEXT_LENGTH])
    if _wants_json(request):
        return JsonResponse({"ok": True, "preview": preview_html})
    return _form_again(request, article, form, preview_html=preview_html)


def _posted(request, article, comment):
    if not _wants_json(request):
        return redirect(_comment_url(request, article, comment))
    newest_first = DiscussionSettings.for_request(request).newest_first
    place = place_of_new_comment(comment, newest_first=newest_first)
    comment.is_own, comment.shows_as_removed = True, False
    comment.changeable_until = posting.change_deadline(comment.created_at)
    comment.number, comment.display_depth = place.number, None
    comment.in_reply_to = None
    comment.badge = badge_for(
        author_id=comment.author_id,
        is_by_staff=request.user.is_staff,
        article_author_id=article.owner_id,
    )
    html = comment_html(comment)
    return JsonResponse(
        {
            "ok": True,
            "html": html,
            "anchor": comment.anchor,
            "parent_id": comment.parent_id,
            "status": comment.status,
            "is_held": comment.is_held,
            # Where the comment went, as a reload would show it: the script
            # says so rather than numbering it by what this page holds.
            "page": place.page_number,
            "number": place.number,
            "url": _comment_url(request, article, comment),
            "comment_count": comment.discussion.comment_count,
            # The page's forms have spent their stamp; the next post needs a new one.
            "started": stamp_form(),
        },
        status=201,
    )


def _whole_number(raw) -> int | None:
    """A database id from untrusted input, or None if it cannot be one."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")
