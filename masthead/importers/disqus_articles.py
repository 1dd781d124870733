"""The article that holds a Disqus discussion: found, or made as a stub."""

from dataclasses import dataclass, field

from django.utils.text import slugify

from masthead.publishing.models import ArticlePage, HomePage, SectionPage

from .articles import ARTICLE_LINK_LENGTH
from .disqus_threads import ThreadGroups
from .disqus_xml import DisqusThread
from .links import imported_link
from .matching import ArticleMatcher
from .page_rows import SectionPlaces, insert_article
from .report import ImportReport

STUB_SECTION = ("discussions", "Discussions")
STUBS_CREATED = "articles created (stubs for threads with no article)"
THREADS_MERGED = "threads merged into another thread's discussion"


@dataclass
class DiscussionArticles:
    """Answers which article each thread's posts go to, one article per group.

    A group of threads (see disqus_threads) goes to the first article the
    matcher finds for any of them; failing that, with `create_missing`, to
    one stub. Threads the matcher sends to an article another thread already
    uses join that discussion too, and are counted as merged.
    """

    matcher: ArticleMatcher
    groups: ThreadGroups
    report: ImportReport
    create_missing: bool = False
    # Thread id -> its article (None: no article), for threads with posts.
    answers: dict[str, int | None] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)
    stub_section: SectionPage | None = None
    places: SectionPlaces = field(default_factory=SectionPlaces)

    def article_for(self, thread_id: str) -> int | None:
        """The article for a thread's posts; None leaves them unmatched."""
        if thread_id in self.answers:
            return self.answers[thread_id]
        group = self.groups.group(thread_id)
        article_id = next(
            (self.answers[t.dsq_id] for t in group if self.answers.get(t.dsq_id)),
            None,
        )
        if article_id is None and group:
            article_id = self._find_or_make(group)
        if article_id in self.used:
            self.report.count(THREADS_MERGED)
        elif article_id is not None:
            self.used.add(article_id)
        self.answers[thread_id] = article_id
        return article_id

    def _find_or_make(self, group: list[DisqusThread]) -> int | None:
        for thread in group:
            article_id = self.matcher.article_for(
                link=thread.link, identifier=thread.identifier, thread_id=thread.dsq_id
            )
            if article_id is not None:
                return article_id
        if not self.create_missing:
            return None
        # The newest thread has the post's latest title, and the newest with
        # no query (often a reader's tracking parameters) the address the
        # site moved to.
        newest = max(group, key=_newness)
        cleanest = max(
            group, key=lambda thread: ("?" not in thread.link, _newness(thread))
        )
        link = imported_link(
            cleanest.link, what="thread link", line=cleanest.line, report=self.report,
            max_length=ARTICLE_LINK_LENGTH,
        )  # fmt: skip
        if self.stub_section is None:
            self.stub_section = _stub_section()
        stub = _stub_article(
            newest, link=link, section=self.stub_section, places=self.places
        )
        self.report.count(STUBS_CREATED)
        # A later thread with the same address, or a later run, finds it.
        self.matcher.learn(stub.pk, source=stub.source, link=link)
        for thread in group:
            self.matcher.learn(stub.pk, source=f"disqus-thread:{thread.dsq_id}")
        return stub.pk


def _newness(thread: DisqusThread) -> tuple[int, str]:
    """Disqus numbers threads in the order it met them; ids are numbers in
    real exports, compared here without assuming so."""
    return len(thread.dsq_id), thread.dsq_id


def _stub_section() -> SectionPage:
    """The section stubs are filed in, made the first time one is needed."""
    home = HomePage.objects.get()
    section = SectionPage.objects.child_of(home).filter(slug=STUB_SECTION[0]).first()
    if section is None:
        section = SectionPage(slug=STUB_SECTION[0], title=STUB_SECTION[1])
        home.add_child(instance=section)
        section.save_revision().publish()
    return section


def _stub_article(
    thread: DisqusThread, *, link: str, section: SectionPage, places: SectionPlaces
) -> ArticlePage:
    """A draft to hold a thread's comments until an editor writes or links it."""
    title = thread.title or link or f"Disqus thread {thread.dsq_id}"
    article = ArticlePage(
        title=title[:255],
        slug=slugify(title, allow_unicode=True)[:200] or f"thread-{thread.dsq_id}",
        source=f"disqus-thread:{thread.dsq_id}",
        source_url=link,
        live=False,
    )
    # Written as the WordPress import writes its articles (page_rows.py).
    places.place(article, section=section)
    insert_article(article, section=section)
    article.save_revision()
    return article
