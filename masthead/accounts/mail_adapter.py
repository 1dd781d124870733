"""allauth's mails in the site's voice: its name, BASE_URL's links, an HTML part.

allauth names the site after the request's host ("Hello from 127.0.0.1:8101!")
and builds links from it; a mail read later must lead to the public address.
"""

from allauth.account.adapter import DefaultAccountAdapter

from masthead.publishing.site_address import public_url
from masthead.site_mail import add_html_alternative, site_mail_context


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {**context, **site_mail_context()}
        for name, value in list(context.items()):
            if name.endswith("_url") and str(value).startswith(("http:", "https:")):
                context[name] = public_url(str(value))
        super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers)
        return add_html_alternative(message)
