"""Forms for a reader's own account pages, and the sign-up form."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password

from .models import User
from .names import clean_display_name, display_name_field


class ProfileForm(forms.ModelForm):
    display_name = display_name_field()

    class Meta:
        model = User
        fields = ["display_name"]

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, asking also for the name to show beside comments."""

    display_name = display_name_field()
    field_order = ["email", "display_name", "password1", "password2"]

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def try_save(self, request):
        if self.account_already_exists:
            # Creating an account hashes the password, which takes most of the
            # answer's time; hash it here too, so that how long the (identical)
            # answer takes does not tell whether the address has an account.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)

    def custom_signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class DeleteAccountForm(forms.Form):
    comments = forms.ChoiceField(
        label="Your comments",
        widget=forms.RadioSelect,
        choices=[
            ("keep", "Keep them, signed “a former reader” (replies still make sense)"),
            ("remove", "Remove their words (each shows as “comment removed”)"),
        ],
        error_messages={"required": "Please choose what happens to your comments."},
    )
    password = forms.CharField(
        label="Your password, to confirm",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Please type your password to confirm."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password

    @property
    def keeps_comments(self) -> bool:
        return self.cleaned_data["comments"] == "keep"
