"""A signed-in reader's own pages: profile, comments and replies, data, deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from masthead.discussion.ownership import viewer_for

from .forms import DeleteAccountForm, ProfileForm
from .reader_data import comments_of, erase_reader, export_reader_data
from .replies import replies_to

COMMENTS_PER_PAGE = 25


@never_cache
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your display name is saved.")
        return redirect("accounts:profile")
    status = 400 if form.errors else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@never_cache
@login_required
def comment_history(request):
    comments = (
        comments_of(user=request.user)
        .visible_to(viewer_for(request))
        .select_related("discussion__article")
        .order_by("-created_at")
    )
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/comments.html", {"page_obj": page})


@never_cache
@login_required
def replies_to_me(request):
    replies = replies_to(user=request.user)
    page = Paginator(replies, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/replies.html", {"page_obj": page})


@never_cache
@login_required
def download_data(request):
    data = export_reader_data(user=request.user, email=request.user.email)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"my-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        erase_reader(user=user, email=user.email, keep_comments=form.keeps_comments)
        return render(request, "accounts/deleted.html")
    status = 400 if form.errors else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
