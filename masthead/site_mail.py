"""Mails that speak as the site: its name and address, and an HTML part in its style.

Every mail Masthead sends (reply notifications, confirmations, the moderators'
digest, allauth's sign-up and password mails) is plain text with an HTML
alternative drawn in one layout (templates/mail/layout.html). A mail written
only as text gets its HTML part from that text, so none goes out text-only.
"""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.html import escape, linebreaks, urlize

HTML = "text/html"


def site_mail_context() -> dict:
    """What every mail template may name: the site's name and public address."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.BASE_URL}


def html_from_text(text: str, *, subject: str = "") -> str:
    """The HTML part for a mail written as `text`: its paragraphs, with links.

    A closing signature (after a line "--") is left out: the layout's footer
    names the site instead.
    """
    text = re.split(r"\n--[ ]?\n", text, maxsplit=1)[0].strip()
    body = linebreaks(urlize(escape(text), nofollow=True), autoescape=False)
    return render_to_string(
        "mail/text_body.html",
        {**site_mail_context(), "subject": subject, "body": body},
    )


def add_html_alternative(message: EmailMultiAlternatives) -> EmailMultiAlternatives:
    """Give `message` an HTML part made from its text, unless it has one."""
    if not any(mimetype == HTML for _, mimetype in message.alternatives):
        message.attach_alternative(
            html_from_text(message.body, subject=message.subject), HTML
        )
    return message
