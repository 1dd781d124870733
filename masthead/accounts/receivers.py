"""Thin receivers for allauth's and Django's signals: each calls one function."""

from allauth.account.signals import email_confirmed
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .claiming import claim_guest_comments
from .sign_in_doors import count_failed_sign_in, note_signed_in


@receiver(email_confirmed)
def claim_comments_on_verification(sender, request, email_address, **kwargs):
    claim_guest_comments(user=email_address.user, email=email_address.email)


@receiver(user_login_failed)
def count_failed_sign_in_on_failure(sender, credentials, request=None, **kwargs):
    count_failed_sign_in(request, credentials)


@receiver(user_logged_in)
def note_signed_in_on_login(sender, request, user, **kwargs):
    note_signed_in(request, user)
