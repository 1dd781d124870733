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
        help_text="Shown on comments; falls back to the username.",
    )

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username
