from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "masthead.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from masthead import edge_cache
        from masthead.operations.cache_safety import cache_recovered
        from masthead.page_cache import refresh_after_cache_outage, refresh_cached_site
        from masthead.publishing import site_address

        # Set-up (migrate, which `make setup` and `make serve` run) points the
        # Site record at BASE_URL; site_address also registers its check.
        post_migrate.connect(
            site_address.match_site_after_migrate,
            sender=self,
            dispatch_uid="site-follows-base-url",
        )

        # Publishing changes listings, menus and feeds everywhere; the page
        # cache is told through Wagtail's signals so that scheduled and
        # imported publications invalidate it too, not only the editor's button.
        for signal in (
            page_published,
            page_unpublished,
            page_slug_changed,
            post_page_move,
        ):
            signal.connect(refresh_cached_site, dispatch_uid=f"page-cache-{signal}")
        # A CDN in front is told which addresses changed (edge_cache.py).
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(
                edge_cache.purge_publication, dispatch_uid=f"edge-cache-{signal}"
            )
        post_delete.connect(
            edge_cache.purge_publication,
            sender="wagtailcore.Page",
            dispatch_uid="edge-cache-delete",
        )
        post_delete.connect(
            refresh_cached_site,
            sender="wagtailcore.Page",
            dispatch_uid="page-cache-delete",
        )
        cache_recovered.connect(
            refresh_after_cache_outage, dispatch_uid="page-cache-outage"
        )
