"""Forms for a reader's own account pages."""

from django import forms

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]
        labels = {"display_name": "Display name"}
        help_texts = {"display_name": "Shown beside your comments."}

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if set("<>") & set(name):
            raise forms.ValidationError(
                "Names are plain text: please leave out < and >."
            )
        return name


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
