"""The reader's door for reporting a comment to the moderators."""

from django.shortcuts import render

from masthead.moderation.limits import is_reporting_too_fast
from masthead.moderation.models import Report
from masthead.moderation.reports import report_comment, reporter_key_for
from masthead.privacy import client_ip, hash_ip

from .visibility import shown_comment


def report(request, comment_id):
    """A reader reports a comment; no account needed, once per comment."""
    comment = shown_comment(request, comment_id, approved_only=True)
    article = comment.discussion.article
    reasons = Report.Reason.choices
    context = {"page": article, "comment": comment, "reasons": reasons}
    if request.method != "POST":
        return render(request, "discussion/report.html", context)
    reason = request.POST.get("reason", "")
    if reason not in Report.Reason.values:
        context["error"] = "Please choose what is wrong with the comment."
        return render(request, "discussion/report.html", context, status=400)
    if is_reporting_too_fast(request):
        context["error"] = "You have sent many reports. Please wait a while."
        return render(request, "discussion/report.html", context, status=429)
    user_id = request.user.pk if request.user.is_authenticated else None
    is_new = report_comment(
        comment=comment,
        reason=reason,
        reporter_key=reporter_key_for(
            user_id=user_id, ip_hash=hash_ip(client_ip(request))
        ),
    )
    context["reported"] = "new" if is_new else "again"
    return render(request, "discussion/report.html", context)
