"""Reusable ("synced") blocks: `wp_block` items that posts show where they name them."""

from collections.abc import Callable, Iterable


class ReusableBlocks:
    """Each reusable block's saved content by id, read on the first question.

    Reading them takes a pass over the file of its own: they may come after
    the posts that show them, and most exports have none.
    """

    def __init__(self, read: Callable[[], Iterable[tuple[str, str]]]):
        self._read = read
        self._by_id: dict[str, str] | None = None

    def get(self, block_id: str) -> str | None:
        if self._by_id is None:
            self._by_id = dict(self._read())
        return self._by_id.get(block_id)
