"""The search index, reference index and page caches, brought up to date once
per import rather than once per saved page.

Creating and publishing one article saves its page several times, and each
save queues a search-index task and a reference-index task (each rereading
the page), while each publication, and each article's comments, renew a
page-cache version and purge any CDN. Over an archive of thousands of
posts that upkeep costs more than the articles themselves. While
`upkeep_deferred()` holds, those receivers are set aside for page models and
the pages saved are noted; on the way out, even after an error, the noted
pages are indexed in batches and the caches are renewed once.
"""

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save
from modelsearch.backends import get_search_backends
from modelsearch.index import class_is_indexed
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save
from wagtail.signals import page_published

from masthead import edge_cache
from masthead.page_cache import refresh_cached_site, refreshes_held

BATCH = 200


@dataclass
class PagesToUpkeep:
    """Ids of the pages an import saved, or found already imported."""

    page_ids: set[int] = field(default_factory=set)

    def note(self, page_id: int) -> None:
        self.page_ids.add(page_id)


@contextmanager
def upkeep_deferred(*, catch_up: bool = True) -> Iterator[PagesToUpkeep]:
    """Hold back per-page indexing and cache purges; do them once at the end.

    The catch-up runs on the way out whether or not the body raised, so an
    interrupted import leaves every page it made searchable. Pass
    `catch_up=False` when the work is about to be rolled back (a dry run).
    Signal receivers are process-wide: use this from a command or a task,
    not inside a request that other threads share a process with.
    """
    pages = PagesToUpkeep()

    def note_saved_page(instance, **kwargs):
        pages.note(instance.pk)

    with ExitStack() as held:
        for model in _page_models():
            held.enter_context(_receiver_set_aside(post_save, model))
            post_save.connect(note_saved_page, sender=model, weak=False)
            held.callback(post_save.disconnect, note_saved_page, sender=model)
        held.enter_context(_edge_purges_set_aside())
        held.enter_context(refreshes_held())
        try:
            yield pages
        finally:
            held.close()
            if catch_up:
                catch_up_on(pages.page_ids)


def catch_up_on(page_ids: Iterable[int]) -> None:
    """Index these pages for search and references, and renew the caches once."""
    ids = sorted(page_ids)
    for start in range(0, len(ids), BATCH):
        batch = Page.objects.filter(pk__in=ids[start : start + BATCH]).specific()
        _index_batch(list(batch))
    if ids:
        refresh_cached_site()
        _purge_edge_caches(ids)


def _index_batch(pages: list[Page]) -> None:
    by_model: dict[type, list[Page]] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, same_kind in by_model.items():
        if class_is_indexed(model):
            # As Wagtail's own indexing does: only what the model lists as
            # indexed objects goes in.
            indexed = set(
                model.get_indexed_objects()
                .filter(pk__in=[page.pk for page in same_kind])
                .values_list("pk", flat=True)
            )
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, [p for p in same_kind if p.pk in indexed])
    with transaction.atomic():
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)


def _page_models() -> list[type]:
    return [model for model in apps.get_models() if issubclass(model, Page)]


@contextmanager
def _receiver_set_aside(signal, model) -> Iterator[None]:
    """Disconnect Wagtail's search and reference-index receivers for `model`."""
    receivers = (post_save_signal_handler, update_reference_index_on_save)
    removed = [each for each in receivers if signal.disconnect(each, sender=model)]
    try:
        yield
    finally:
        for receiver in removed:
            signal.connect(receiver, sender=model)


@contextmanager
def _edge_purges_set_aside() -> Iterator[None]:
    """A CDN's purge per publication lists every listing page the page is on."""
    uid = f"edge-cache-{page_published}"
    was_connected = page_published.disconnect(dispatch_uid=uid)
    try:
        yield
    finally:
        if was_connected:
            page_published.connect(edge_cache.purge_publication, dispatch_uid=uid)


def _purge_edge_caches(page_ids: list[int]) -> None:
    """Purge each address the live pages show on, each address once."""
    if not edge_cache.is_configured():
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    paths: dict[str, None] = {}
    for start in range(0, len(page_ids), BATCH):
        pages = Page.objects.live().filter(pk__in=page_ids[start : start + BATCH])
        for page in pages.specific():
            paths.update(dict.fromkeys(edge_cache.publication_paths(page)))
    transaction.on_commit(
        lambda: purge_urls_from_cache([edge_cache.public_url(path) for path in paths])
    )
