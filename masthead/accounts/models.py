from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Everyone who signs in: editors, moderators and readers with an account.

    Custom from the first migration so reader profiles can grow here without
    swapping the user model later.
    """

    display_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="Shown on comments. Never derived from the e-mail address.",
    )

    @property
    def public_name(self) -> str:
        """The chosen name shown beside comments, or "" if there is none yet.

        Never the username: allauth makes that from the e-mail address.
        """
        return self.display_name or self.get_full_name()


class ReaderRequest(models.Model):
    """A moderator acted on a reader's data request (GDPR): an export or an erasure.

    Keeps a keyed hash of the address, not the address: enough to show that a
    request about it was handled, nothing to leak. Each one is also a Wagtail
    log entry, under Reports -> Site history.
    """

    class Action(models.TextChoices):
        EXPORT = "export", "Data exported"
        ANONYMISE = "anonymise", "Comments anonymised, account deleted"
        REMOVE = "remove", "Comments removed, account deleted"

    action = models.CharField(max_length=10, choices=Action.choices)
    email_hash = models.CharField(max_length=64, db_index=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"


class SignInBlock(models.Model):
    """A sign-in or password-reset limit was reached on one of the login doors.

    The audit trail staff see (also as a Wagtail log entry, under Reports ->
    Site history). Holds keyed hashes, never the address or a typed name.
    """

    class Scope(models.TextChoices):
        ACCOUNT_FROM_ADDRESS = "account_address", "One account, from one address"
        ADDRESS = "address", "Any account, from one address"
        ACCOUNT = "account", "One account, from browsers new to it"

    door = models.CharField(max_length=60)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    account_hash = models.CharField(max_length=64, blank=True)
    address_hash = models.CharField(max_length=64, db_index=True)
    blocked_until = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.get_scope_display()} at {self.door} ({self.created_at:%Y-%m-%d})"
