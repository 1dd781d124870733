"""Doors for notification links: unsubscribe, confirm, and the reader's list.

The links come from mail and must work without signing in; the signed token
in the URL is what authorises them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from masthead.accounts.address_proof import prove_address

from . import subscribing
from .tokens import BadLink, read_confirm_token, read_unsubscribe_token


# A GET only asks: mail scanners open every link in a mail, and must not
# unsubscribe anyone. A POST acts, from the page's button or from a mail
# client's RFC 8058 one-click unsubscribe ("List-Unsubscribe=One-Click",
# sent by the mail provider's servers with no cookie and no CSRF token).
# That is why this view alone takes POSTs without a CSRF token: the signed
# token in the URL is the only authority needed, all it can do is stop
# mails, and doing it twice changes nothing.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        following = read_unsubscribe_token(token)
    except BadLink as problem:
        return _bad_link(request, problem)
    context = {"token": token, "following": following}
    if request.method == "GET":
        if subscribing.is_following(following=following):
            return render(request, "notifications/unsubscribe.html", context)
        was_subscribed = False
    else:
        was_subscribed = subscribing.unsubscribe(following=following)
    context["was_subscribed"] = was_subscribed
    return render(request, "notifications/unsubscribed.html", context)


@never_cache
@require_POST
def resubscribe(request, token):
    try:
        following = read_unsubscribe_token(token)
    except BadLink as problem:
        return _bad_link(request, problem)
    try:
        subscribing.resubscribe(following=following)
    except ValidationError as problem:
        context = {"problem": problem.messages[0]}
        return render(request, "notifications/bad_link.html", context, status=400)
    return render(request, "notifications/resubscribed.html", {"token": token})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button; only the POST confirms, so a mail scanner's visit cannot.

    Pressing it proves the address is the reader's, so this browser is given
    the proof cookie too (even when the subscriptions were already confirmed).
    """
    try:
        email, subscription_ids = read_confirm_token(token)
    except BadLink as problem:
        return _bad_link(request, problem)
    if request.method == "GET":
        return render(request, "notifications/confirm.html", {"token": token})
    confirmed = subscribing.confirm_subscriptions(
        email=email, subscription_ids=subscription_ids
    )
    response = render(request, "notifications/confirmed.html", {"confirmed": confirmed})
    prove_address(response, email=email)
    return response


@never_cache
@login_required
def subscriptions(request):
    if request.method == "POST":
        stopped = subscribing.unsubscribe_reader(
            user=request.user,
            subscription_id=_whole_number(request.POST.get("subscription")),
        )
        if stopped:
            messages.success(request, "Unsubscribed: those e-mails will stop.")
        return redirect("accounts:subscriptions")
    context = {"subscriptions": subscribing.subscriptions_of(user=request.user)}
    return render(request, "notifications/subscriptions.html", context)


def _bad_link(request, problem: BadLink):
    context = {"problem": str(problem)}
    return render(request, "notifications/bad_link.html", context, status=400)


def _whole_number(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0
