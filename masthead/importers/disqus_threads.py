"""Which Disqus threads are one discussion; no database.

A site that changed its addresses (http to https, a new permalink scheme)
leaves Disqus with one thread per address for the same post, each holding
part of its discussion. Threads whose links name the same page, or that share
a title and an identifier, are grouped here as the file's threads are read.
"""

from .disqus_xml import DisqusThread
from .matching import WORDPRESS_IDENTIFIER, normalise_link


def normalise_identifier(identifier: str) -> str:
    """A thread identifier as a comparable key: a WordPress post id, a
    normalised link, or the text with its spacing collapsed."""
    text = " ".join(identifier.split())
    # "<post id> <guid>": the guid carries the old scheme, the post id stays.
    found = WORDPRESS_IDENTIFIER.match(text)
    if found:
        return f"wordpress:{found.group(1)}"
    if "://" in text:
        return normalise_link(text) or text
    return text


def discussion_keys(thread: DisqusThread) -> list[str]:
    """What makes two threads one discussion: any key they share."""
    keys = []
    address = normalise_link(thread.link)
    if address:
        keys.append(f"link {address}")
    title = " ".join(thread.title.split())
    identifier = normalise_identifier(thread.identifier)
    # A title alone is too weak ("Untitled", "test post"): it needs the identifier.
    if title and identifier:
        keys.append(f"title and identifier {title}\n{identifier}")
    return keys


class ThreadGroups:
    """The file's threads, grouped into discussions as they are added."""

    def __init__(self) -> None:
        self.threads: dict[str, DisqusThread] = {}
        # Every thread id points at the shared list of its group's threads.
        self._groups: dict[str, list[DisqusThread]] = {}
        self._first_with_key: dict[str, str] = {}

    def add(self, thread: DisqusThread) -> None:
        """Add a thread; one seen before under the same id is ignored."""
        if thread.dsq_id in self.threads:
            return
        self.threads[thread.dsq_id] = thread
        self._groups[thread.dsq_id] = [thread]
        for key in discussion_keys(thread):
            first = self._first_with_key.setdefault(key, thread.dsq_id)
            self._join(first, thread.dsq_id)

    def group(self, thread_id: str) -> list[DisqusThread]:
        """The threads of `thread_id`'s discussion in file order; [] if unknown."""
        return self._groups.get(thread_id, [])

    def _join(self, one: str, other: str) -> None:
        kept, merged = self._groups[one], self._groups[other]
        if kept is merged:
            return
        if len(kept) < len(merged):
            kept, merged = merged, kept
        kept.extend(merged)
        kept.sort(key=lambda thread: thread.line)
        for thread in merged:
            self._groups[thread.dsq_id] = kept
