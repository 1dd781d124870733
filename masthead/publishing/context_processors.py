from django.conf import settings

from .models import SectionPage
from .restrictions import public_only


def site_navigation(request):
    """The site's name and the sections in its header, in menu order."""

    def sections():
        return list(public_only(SectionPage.objects.live().in_menu()).order_by("path"))

    # Lazy: pages that never draw the header (feeds, admin) pay no query.
    return {"site_name": settings.SITE_NAME, "navigation_sections": sections}
