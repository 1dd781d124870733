"""The demo outlet's sections and articles: data only, all of it invented.

The places and people are fictional, so the demo makes no claims about real
events. The articles are split by topic across `demo.stories`.
"""

from .records import Article, Picture, Quote, Section, Video
from .stories import city, culture, nature

SECTIONS = (
    Section("world", "World", "Reports from towns and regions beyond our own."),
    Section("environment", "Environment", "Rivers, coasts, energy and the land."),
    Section("science", "Science", "Research, discovery and the people behind it."),
    Section("culture", "Culture", "Music, books, games and the places they live."),
    Section("city", "City", "Streets, neighbourhoods and how the city works."),
    Section("latest", "Latest", "What the newsroom filed most recently."),
)

# The article that shows every kind of block a reader meets: a video with
# its still, paragraphs and a quotation, filed in two sections.
REFERENCE_ARTICLE_SLUG = "video-tram-line-test-run"

REFERENCE_ARTICLE = Article(
    slug=REFERENCE_ARTICLE_SLUG,
    title="Video: First tram completes night-time test run on the harbour line",
    standfirst=(
        "Engineers in Vellmark ran a full-length trial on the new harbour line "
        "overnight, the last big test before passengers board in the spring."
    ),
    byline="By Ines Harrow",
    days_ago=1,
    section="world",
    also_in=("latest",),
    tags=("transport", "cities"),
    # The same picture as the video's still: the image is reused, not redrawn.
    lead=Picture("Harbour line test run"),
    body=(
        Video(
            url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            still=Picture("Harbour line test run"),
            caption="Still from the video below.",
        ),
        "Shortly after midnight, the first of Vellmark's new low-floor trams "
        "pulled out of the depot at Saltgate and ran the full eleven "
        "kilometres of the harbour line to the university terminus. The run "
        "took thirty-four minutes, four fewer than the timetable allows.",
        "The test was held at night so that engineers could stop at every "
        "platform without holding up traffic. At each one a team checked the "
        "gap between tram and kerb, the ramps for wheelchairs and the "
        "announcements, which play in three languages.",
        Quote(
            text=(
                "We wanted the first real run to feel boring, and it did. "
                "Boring is exactly what you want from a tram."
            ),
            source_name="Mara Olsen, the line's chief engineer",
            days_ago=1,
            link="https://example.org/vellmark/harbour-line",
        ),
        "The line has been under construction for three years and has closed "
        "parts of the waterfront road in stages. Shopkeepers along the quay "
        "said the disruption had been hard, but several came out in coats to "
        "watch the tram go by.",
        "Further trials with the full fleet of nine trams are planned over the "
        "coming weeks. The city expects to open the line to passengers once "
        "the safety regulator has reviewed the results.",
    ),
)

ARTICLES = (REFERENCE_ARTICLE, *city.STORIES, *nature.STORIES, *culture.STORIES)
