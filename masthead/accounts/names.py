"""The name a reader is shown by: one they chose, never one made from their address.

allauth makes a username from the local part of the e-mail address
("jane.smith"), so the username is never shown; a reader without a chosen
name is asked for one before their first comment. (Comments signed with
usernames before this rule were renamed by accounts migration 0003.)
"""

from django import forms
from django.db import transaction


def clean_display_name(raw: str) -> str:
    """The name with its spaces tidied; ValidationError if it holds markup."""
    name = " ".join((raw or "").split())
    if set("<>") & set(name):
        raise forms.ValidationError("Names are plain text: please leave out < and >.")
    return name


def display_name_field(
    *, help_text: str = "Shown beside your comments; your e-mail address never is."
) -> forms.CharField:
    return forms.CharField(
        label="Display name",
        max_length=80,
        help_text=help_text,
        error_messages={"required": "Please give the name to show beside comments."},
    )


@transaction.atomic
def give_display_name(*, user, name: str) -> None:
    """Save the name a reader chose (already cleaned) to their account."""
    user.display_name = name
    user.save(update_fields=["display_name"])


def needs_display_name(user) -> bool:
    """A signed-in reader who must choose a name before they can comment."""
    return user.is_authenticated and not user.public_name


def shown_name(user) -> str:
    """How allauth's messages name the signed-in reader, to that reader only."""
    return user.public_name or user.email
