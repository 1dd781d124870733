"""How fast do WordPress and Disqus exports import, and in how much memory?

Generates a WXR file and a Disqus file of 10,000 and 100,000 comments (about
a third top-level, replies nested up to six deep, some Disqus replies listed
before their parents), and an archive-shaped WXR file of 2,000 posts with
real-looking bodies and ten comments each (archive.py), and imports each into
its own throw-away SQLite database in a child process, so each row's peak
memory is that import's own.

Run from the project folder; your own database and media are never touched:

    .venv/bin/python bench/importers.py            # every file
    .venv/bin/python bench/importers.py --archive  # the archive only
"""

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from archive import write_archive, write_uploads
from scratch import print_results, use_scratch_environment

SIZES = (10_000, 100_000)
COMMENTS_PER_ARTICLE = 1000
MAX_REPLY_DEPTH = 6
RATE_TARGET, MEMORY_TARGET_MB = 5000, 300
ARCHIVE_POSTS, ARCHIVE_COMMENTS, ARCHIVE_SECONDS = 2000, 10, 60
TARGETS = (
    f"Targets (SQLite, 2 cores): at least {RATE_TARGET:,} comments/s on the "
    f"comment files; the {ARCHIVE_POSTS:,}-post archive in under "
    f"{ARCHIVE_SECONDS} s; peak memory under {MEMORY_TARGET_MB} MB."
)
WORDS = "the council harbour plan vote ferry budget said fair point but".split()
LINK = "https://oldsite.example/2020/05/post-{}/"


def comment_tree(size: int, rng: random.Random) -> list[tuple[int, int]]:
    """(comment id, parent id or 0), replies going to recent comments."""
    rows, depth = [], {}
    for number in range(1, size + 1):
        parent = 0
        if number > 1 and rng.random() > 1 / 3:
            candidate = rng.randint(max(1, number - 30), number - 1)
            if depth[candidate] < MAX_REPLY_DEPTH:
                parent = candidate
        depth[number] = depth.get(parent, -1) + 1
        rows.append((number, parent))
    return rows


def text(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(10, 40))).capitalize()


WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/"><channel>
"""
WXR_ITEM = """<item><title>Post {post}</title><link>{link}</link>
<content:encoded><![CDATA[{text}]]></content:encoded><wp:post_id>{post}</wp:post_id>
<wp:post_date_gmt>2020-05-01 10:00:00</wp:post_date_gmt><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
"""
WXR_COMMENT = """<wp:comment><wp:comment_id>{number}</wp:comment_id>
<wp:comment_author>Ann</wp:comment_author>
<wp:comment_author_email>ann@example.org</wp:comment_author_email>
<wp:comment_author_IP>192.0.2.1</wp:comment_author_IP>
<wp:comment_date_gmt>2020-05-02 10:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{text}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>
"""
DISQUS_HEAD = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
"""
DISQUS_THREAD = """<thread dsq:id="{post}"><id/><link>{link}</link>
<title>Post {post}</title></thread>
"""
DISQUS_POST = """<post dsq:id="{dsq_id}"><message><![CDATA[<p>{text}</p>]]></message>
<createdAt>2020-05-02T10:00:00Z</createdAt><isDeleted>false</isDeleted>
<isSpam>false</isSpam><author><name>Bo</name><isAnonymous>true</isAnonymous></author>
<ipAddress>192.0.2.2</ipAddress><thread dsq:id="{post}"/>{parent_tag}</post>
"""


def write_wxr(path: Path, size: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(WXR_HEAD)
        for post in range(size // COMMENTS_PER_ARTICLE):
            out.write(
                WXR_ITEM.format(post=post, link=LINK.format(post), text=text(rng))
            )
            for number, parent in comment_tree(COMMENTS_PER_ARTICLE, rng):
                out.write(
                    WXR_COMMENT.format(number=number, parent=parent, text=text(rng))
                )
            out.write("</item>\n")
        out.write("</channel></rss>\n")


def write_disqus(path: Path, size: int, rng: random.Random) -> None:
    articles = size // COMMENTS_PER_ARTICLE
    with path.open("w", encoding="utf-8") as out:
        out.write(DISQUS_HEAD)
        for post in range(articles):
            out.write(DISQUS_THREAD.format(post=post, link=LINK.format(post)))
        for post in range(articles):
            rows = comment_tree(COMMENTS_PER_ARTICLE, rng)
            # Disqus exports list some replies before their parents.
            rng.shuffle(rows[: len(rows) // 10])
            first = post * COMMENTS_PER_ARTICLE
            for number, parent in rows:
                parent_tag = f'<parent dsq:id="{first + parent}"/>' if parent else ""
                fields = {"dsq_id": first + number, "post": post, "text": text(rng)}
                out.write(DISQUS_POST.format(parent_tag=parent_tag, **fields))
        out.write("</disqus>\n")


def import_one(kind: str, export: Path, scratch: Path, uploads: Path | None) -> None:
    """In the child: a fresh database, then one timed import; prints JSON."""
    use_scratch_environment(scratch)
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command

    logging.disable(logging.INFO)
    if not str(settings.DATABASES["default"]["NAME"]).startswith(str(scratch)):
        raise SystemExit("Refusing to run outside the scratch folder")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if kind == "disqus":
        make_articles(export)
    started, cpu_started = time.perf_counter(), time.process_time()
    if kind == "wxr":
        from masthead.importers.wordpress import import_wordpress

        report = import_wordpress(path=export, media_dir=uploads)
    else:
        from masthead.importers.disqus import import_disqus

        report = import_disqus(path=export)
    seconds = time.perf_counter() - started
    # The machine is shared: the import's own CPU time is what a quiet one takes.
    cpu_seconds = time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": peak_mb,
        "errors": report.counts["errors"],
        "comments": report.counts["comments created"],
        "articles": report.counts["articles created"],
    }))  # fmt: skip


def make_articles(export: Path) -> None:
    """The articles a Disqus export's threads point at, as WordPress left them."""
    from masthead.publishing.models import ArticlePage, HomePage, SectionPage

    section = SectionPage(title="World", slug="world")
    HomePage.objects.get().add_child(instance=section)
    size = int(export.stem.rsplit("-", 1)[-1])
    for post in range(size // COMMENTS_PER_ARTICLE):
        article = ArticlePage(title=f"Post {post}", source=f"wordpress:{post}",
                              source_url=LINK.format(post), live=False)  # fmt: skip
        section.add_child(instance=article)


def measure(kind: str, export: Path, folder: Path, uploads: Path | None = None):
    scratch = Path(tempfile.mkdtemp(dir=folder))
    (scratch / "data").mkdir()
    child = subprocess.run(
        [sys.executable, __file__, "--one", kind, str(export), str(scratch),
         str(uploads or "")],
        capture_output=True, text=True,
    )  # fmt: skip
    if child.returncode:
        raise SystemExit(f"The {kind} import failed:\n{child.stderr[-3000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def print_table(rows: list[list[str]]) -> None:
    headings = ("File", "MB", "Articles", "Articles/s", "Comments", "Seconds",
                "CPU s", "Comments/s", "Peak MB", "Errors")  # fmt: skip
    print_results("Importers", headings, rows, TARGETS)


def mark(good: bool, text: str) -> str:
    return f"[green]{text} ✓[/]" if good else f"[red]{text} ✗[/]"


def main() -> None:
    if sys.argv[1:2] in (["--help"], ["-h"]):
        print(__doc__)
        return
    if sys.argv[1:2] == ["--one"]:
        uploads = Path(sys.argv[5]) if sys.argv[5] else None
        import_one(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), uploads)
        return
    rows = []
    # `--large` checks the 500 MB claim: one WXR file of a million comments.
    sizes, kinds = SIZES, (("wxr", write_wxr), ("disqus", write_disqus))
    if "--large" in sys.argv:
        sizes, kinds = (1_000_000,), kinds[:1]
    if "--archive" in sys.argv:
        sizes = ()
    with tempfile.TemporaryDirectory(prefix="masthead-bench-") as name:
        folder = Path(name)
        for size in sizes:
            for kind, write in kinds:
                export = folder / f"{kind}-{size}.xml"
                write(export, size, random.Random(size))
                rows.append(table_row(export, measure(kind, export, folder)))
        if "--large" not in sys.argv:
            rows.append(measure_archive(folder))
    print_table(rows)


def measure_archive(folder: Path) -> list[str]:
    uploads, export = folder / "uploads", folder / f"archive-{ARCHIVE_POSTS}.xml"
    write_uploads(uploads)
    write_archive(export, posts=ARCHIVE_POSTS, comments=ARCHIVE_COMMENTS,
                  rng=random.Random(ARCHIVE_POSTS))  # fmt: skip
    result = measure("wxr", export, folder, uploads)
    row = table_row(export, result)
    row[5] = mark(result["seconds"] < ARCHIVE_SECONDS, row[5])
    return row


def table_row(export: Path, result: dict) -> list[str]:
    rate = result["comments"] / result["seconds"]
    peak = result["peak_mb"]
    # The comments target is for comment-heavy files; the archive's ten per
    # article are bound by article creation.
    is_comment_heavy = result["comments"] >= 100 * max(result["articles"], 1)
    comments_rate = f"{rate:,.0f}"
    if is_comment_heavy:
        comments_rate = mark(rate >= RATE_TARGET, comments_rate)
    return [
        export.name, f"{export.stat().st_size / 2**20:.1f}",
        f"{result['articles']:,}", f"{result['articles'] / result['seconds']:,.1f}",
        f"{result['comments']:,}", f"{result['seconds']:.1f}",
        f"{result['cpu_seconds']:.1f}", comments_rate,
        mark(peak < MEMORY_TARGET_MB, f"{peak:.0f}"),
        str(result["errors"]),
    ]  # fmt: skip


if __name__ == "__main__":
    main()
