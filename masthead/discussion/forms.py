"""The comment form: every field a reader fills in, checked before any write."""

from django import forms

from masthead.accounts.names import clean_display_name, display_name_field
from masthead.moderation.form_signals import stamp_form
from masthead.web_links import MAX_LENGTH as MAX_LINK_LENGTH
from masthead.web_links import clean_web_link

from .posting import MAX_TEXT_LENGTH


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Comment",
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Please write something before posting.",
            "max_length": "Please keep comments under %(limit_value)s characters.",
        },
        help_text="Markdown works: *emphasis*, [links](https://…), > quotes, lists.",
    )
    name = forms.CharField(label="Name", max_length=80, required=False)
    email = forms.EmailField(
        label="E-mail",
        required=False,
        help_text="Never shown.",
        error_messages={
            "invalid": "Please give an e-mail address like ann@example.org."
        },
    )
    # Checked by clean_website with the rule imported addresses follow too.
    website = forms.CharField(
        label="Website",
        required=False,
        max_length=MAX_LINK_LENGTH,
        widget=forms.URLInput,
    )
    notify_replies = forms.BooleanField(
        label="E-mail me replies to this comment", required=False
    )
    notify_article = forms.BooleanField(
        label="E-mail me new comments on this article", required=False
    )
    remember = forms.BooleanField(
        label="Remember my name, e-mail and website in this browser", required=False
    )
    parent = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    # Spam defences: `started` is a signed stamp of when the form was drawn;
    # `subject` is hidden from people, so only a bot fills it in.
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    subject = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self, *args, is_guest: bool = True, asks_for_name: bool = False, **kwargs
    ):
        """`asks_for_name`: a signed-in reader who has not chosen a name yet."""
        super().__init__(*args, **kwargs)
        self.is_guest = is_guest
        self.asks_for_name = asks_for_name and not is_guest
        self.fields["started"].initial = stamp_form()
        if is_guest:
            for name in ("name", "email"):
                self.fields[name].required = True
            self.fields["name"].error_messages["required"] = "Please give your name."
            self.fields["email"].error_messages["required"] = (
                "Please give your e-mail address; it is never shown."
            )
        else:
            unused = ["email", "website", "remember"]
            if self.asks_for_name:
                self.fields["name"] = display_name_field(
                    help_text="Shown beside your comments and saved to your profile."
                )
            else:
                unused.append("name")
            for name in unused:
                del self.fields[name]

    def clean_name(self):
        return clean_display_name(self.cleaned_data.get("name", ""))

    def clean_website(self):
        return clean_web_link(self.cleaned_data.get("website", ""))

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Please write something before posting.")
        return text


class EditCommentForm(forms.Form):
    text = CommentForm.base_fields["text"]
