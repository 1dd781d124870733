from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import SignInBlock, User

admin.site.register(User, UserAdmin)


@admin.register(SignInBlock)
class SignInBlockAdmin(admin.ModelAdmin):
    """The sign-in audit, read-only: rows are written by the limits alone."""

    list_display = ["created_at", "door", "scope", "account", "blocked_until"]
    list_filter = ["scope", "door"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
