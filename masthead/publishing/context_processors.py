from django.conf import settings

from .listings import live_sections


def site_navigation(request):
    """The site's name and the sections in its header, in menu order."""

    def sections():
        return [section for section in live_sections(request) if section.show_in_menus]

    # Lazy: pages that never draw the header (feeds, admin) pay no query.
    return {"site_name": settings.SITE_NAME, "navigation_sections": sections}
