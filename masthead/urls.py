from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemaps
from wagtail.documents import urls as wagtaildocs_urls

from masthead.operations.views import metrics
from masthead.publishing.sitemaps import SITEMAPS, sitemap_index
from masthead.publishing.views import favicon

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    # An index of sitemap pages, each of a bounded size (publishing/sitemaps.py).
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Browsers ask for /favicon.ico on their own, whatever the page links to.
    path("favicon.ico", favicon),
    path("healthz", include("masthead.operations.urls")),
    path("metrics", metrics, name="metrics"),
    path("discussion/", include("masthead.discussion.urls")),
    path("notifications/", include("masthead.notifications.urls")),
    # The reader's own pages first, then allauth's sign-in, sign-up and reset.
    path("accounts/", include("masthead.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("masthead.publishing.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree answers every other path, so it comes last.
urlpatterns.append(path("", include(wagtail_urls)))
