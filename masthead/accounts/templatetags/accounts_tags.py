from django import template

from masthead.accounts.avatars import avatar_svg

register = template.Library()


@register.simple_tag
def avatar(user, size: int = 40):
    """A reader's initials in a coloured circle, the colour fixed by their id."""
    return avatar_svg(name=user.public_name, key=f"user:{user.pk}", size=size)
