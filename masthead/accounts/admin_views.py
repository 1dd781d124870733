"""The "Reader data" page in the Wagtail admin: doors onto data_requests."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from .data_requests import erase_on_request, export_on_request, look_up_reader

MODERATE = "discussion.moderate_comments"


class AddressForm(forms.Form):
    email = forms.EmailField(
        label="The reader's e-mail address",
        error_messages={
            "invalid": "Please give an e-mail address like ann@example.org."
        },
    )


def reader_data(request):
    _require_moderator(request)
    form = AddressForm(request.GET or None)
    summary = (
        look_up_reader(email=form.cleaned_data["email"]) if form.is_valid() else None
    )
    context = {"form": form, "summary": summary}
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "accounts/admin/reader_data.html", context, status=status
    )


@require_POST
def export(request):
    _require_moderator(request)
    form = AddressForm(request.POST)
    if not form.is_valid():
        return _back(request, "", error="Please give a valid e-mail address.")
    email = form.cleaned_data["email"]
    data = export_on_request(email=email, moderator=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="reader-data.json"'
    return response


@require_POST
def erase(request):
    _require_moderator(request)
    form = AddressForm(request.POST)
    choice = request.POST.get("comments")
    if not form.is_valid() or choice not in ("keep", "remove"):
        return _back(
            request,
            request.POST.get("email", ""),
            error="Choose what happens to the comments.",
        )
    email = form.cleaned_data["email"]
    try:
        erasure = erase_on_request(
            email=email, keep_comments=choice == "keep", moderator=request.user
        )
    except ValidationError as problem:
        return _back(request, email, error=problem.messages[0])
    done = "anonymised" if choice == "keep" else "removed"
    account = ", account deleted" if erasure.had_account else ""
    messages.success(
        request,
        f"Done: {erasure.comments} comment(s) {done}, "
        f"{erasure.subscriptions} subscription(s) deleted{account}.",
    )
    return _back(request, email)


def _require_moderator(request) -> None:
    if not request.user.has_perm(MODERATE):
        raise PermissionDenied("Only moderators can do this.")


def _back(request, email: str, *, error: str = ""):
    if error:
        messages.error(request, error)
    query = f"?{urlencode({'email': email})}" if email else ""
    return redirect(reverse("reader_data:lookup") + query)
