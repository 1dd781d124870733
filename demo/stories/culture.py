"""Demo articles about music, games and the arts."""

from demo.records import Article, Picture, Quote

STORIES = (
    Article(
        slug="community-orchestra-anniversary",
        title="Community orchestra marks fifty years with a concert in the market hall",
        standfirst=(
            "Its players range from a twelve-year-old violinist to a founding "
            "cellist who is now eighty-one. All of them will be on stage."
        ),
        byline="By Lena Marchetti",
        days_ago=2,
        section="culture",
        also_in=("latest",),
        tags=("music", "community", "heritage"),
        lead=Picture("Orchestra rehearsal"),
        body=(
            "The Eastgate Community Orchestra was founded by a dozen friends "
            "who met to play in a church hall. Half a century later, it has "
            "seventy members and a waiting list for the brass section.",
            "For its anniversary concert, the orchestra will play the same "
            "symphony it performed at its very first concert, alongside a new "
            "piece written by one of its own violinists.",
            Picture(
                "Orchestra in the market hall",
                caption="Rehearsing in the market hall before the concert.",
            ),
            Quote(
                text=(
                    "We were terrible at first. We are less terrible now, and "
                    "we have had a wonderful time all the way through."
                ),
                source_name="Agnes Holm, founding cellist",
                days_ago=3,
            ),
            "The concert is free, and the market's food stalls will stay open "
            "late for the audience.",
        ),
    ),
    Article(
        slug="junior-chess-tournament",
        title="Record entry for the junior chess tournament, won by a nine-year-old",
        standfirst=(
            "More than three hundred young players filled the sports hall for "
            "two days of chess, twice as many as last year."
        ),
        byline="By Peter Lund",
        days_ago=14,
        section="culture",
        also_in=("city",),
        tags=("chess", "youth", "community"),
        lead=Picture("Junior chess tournament"),
        body=(
            "Rows of boards stretched the length of the sports hall, and the "
            "only sound for long stretches was the tapping of clocks. Players "
            "aged six to sixteen competed in five age groups.",
            "The overall title went to a nine-year-old from Westbrook Primary, "
            "who won all seven of her games. Her final opponent was five years "
            "older.",
            "Organisers credit the rise in entries to after-school clubs set "
            "up over the past two years by volunteer coaches, several of them "
            "former tournament players.",
            Quote(
                text=(
                    "I just try to look at what the other person wants to do "
                    "before I move. Sometimes I forget."
                ),
                source_name="The under-eleven champion",
                days_ago=15,
            ),
        ),
    ),
    Article(
        slug="print-workshop-reopens",
        title="A printmaking workshop brings an old press back to life",
        standfirst=(
            "A nineteenth-century iron press, found rusting in a barn, now "
            "prints posters for local events in a shop-front studio."
        ),
        byline="By Lena Marchetti",
        days_ago=27,
        section="culture",
        tags=("heritage", "art", "community"),
        lead=Picture("Iron printing press"),
        body=(
            "The press weighs more than a tonne and took six people and a "
            "borrowed forklift to move. It had stood in a barn for at least "
            "forty years, under a tarpaulin and a layer of straw.",
            "Two printmakers spent a winter cleaning and repairing it, "
            "replacing a cracked spring and recasting a missing handle. It "
            "printed its first sheet in March.",
            "The studio now runs weekend classes in setting type by hand, and "
            "prints posters for the town's concerts and markets at cost.",
        ),
    ),
)
