"""Thin receivers for allauth's signals: each calls one domain function."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .claiming import claim_guest_comments


@receiver(email_confirmed)
def claim_comments_on_verification(sender, request, email_address, **kwargs):
    claim_guest_comments(user=email_address.user, email=email_address.email)
