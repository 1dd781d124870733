"""The export's attachments (uploaded files), for galleries and featured images."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Attachment:
    post_id: str
    url: str
    # WordPress shows an attachment's excerpt as its caption in galleries.
    caption: str = ""
    alt_text: str = ""
    parent_id: str = ""
    menu_order: int = 0


class AttachmentIndex:
    """Attachments by id and by the post they were uploaded to.

    They are read on the first question: WXR files list attachments after
    the posts that show them, and most imports never ask.
    """

    def __init__(self, read: Callable[[], Iterable[Attachment]]):
        self._read = read
        self._by_id: dict[str, Attachment] | None = None
        self._by_parent: dict[str, list[Attachment]] = defaultdict(list)

    @classmethod
    def of(cls, attachments: Iterable[Attachment]) -> "AttachmentIndex":
        listed = list(attachments)
        return cls(lambda: listed)

    def get(self, post_id: str) -> Attachment | None:
        return self._index().get(str(post_id).strip())

    def children_of(self, post_id: str) -> list[Attachment]:
        """A post's attachments in WordPress's gallery order (menu order, then id)."""
        self._index()
        return sorted(
            self._by_parent.get(str(post_id), []),
            key=lambda item: (item.menu_order, _number(item.post_id)),
        )

    def url_for(self, post_id: str) -> str:
        found = self.get(post_id)
        return found.url if found else ""

    def _index(self) -> dict[str, Attachment]:
        if self._by_id is None:
            self._by_id = {}
            for attachment in self._read():
                self._by_id[attachment.post_id] = attachment
                if attachment.parent_id not in ("", "0"):
                    self._by_parent[attachment.parent_id].append(attachment)
        return self._by_id


def _number(post_id: str) -> int:
    return int(post_id) if post_id.isdigit() else 0
