"""Demo articles about towns and how they work: buildings, shops, transport."""

from demo.records import Article, Picture, Quote

STORIES = (
    Article(
        slug="library-reading-room-reopens",
        title="Central library's reading room reopens after three-year restoration",
        standfirst=(
            "The domed reading room has new lighting, repaired plasterwork and "
            "its original oak desks, now wired for laptops."
        ),
        byline="By Tomas Ferrant",
        days_ago=3,
        section="culture",
        also_in=("city",),
        tags=("heritage", "books", "cities"),
        lead=Picture("Library reading room"),
        body=(
            "The reading room of the Central Library opened its doors again on "
            "Saturday morning, and by ten o'clock every one of its ninety desks "
            "was taken. The room had been closed since a section of the dome's "
            "plaster came loose during a storm.",
            "Restorers spent most of the first year simply recording what was "
            "there. Each plaster rose in the ceiling was photographed, and "
            "damaged ones were recast from moulds taken from their neighbours.",
            Picture(
                "Reading room desks",
                caption="The oak desks were taken apart, cleaned and rebuilt.",
            ),
            "The desks are the same ones readers used when the library opened, "
            "but each now hides a power socket under a brass flap. The old "
            "green lamps have been kept, fitted with bulbs that use a tenth of "
            "the electricity.",
            Quote(
                text=(
                    "People kept asking whether we would modernise the room. "
                    "We decided the best thing we could do was to make it "
                    "work the way it always did, only better lit."
                ),
                source_name="Hanna Weil, city librarian",
                days_ago=4,
            ),
            "The library will run free tours of the dome on the first Sunday "
            "of each month. Places can be booked at the front desk.",
        ),
    ),
    Article(
        slug="bakery-cooperative-first-year",
        title="A year on, the bakery run by its workers is still selling out",
        standfirst=(
            "When the owner of the Linden Street bakery retired, eight of his "
            "staff bought the business together. Twelve months later, the "
            "queue still reaches the corner."
        ),
        byline="By Amira Castell",
        days_ago=9,
        section="city",
        tags=("food", "community", "cooperatives"),
        lead=Picture("Linden Street bakery"),
        body=(
            "The ovens at the Linden Street bakery are lit at three each "
            "morning, as they have been for forty years. What changed last "
            "spring is who owns them: the eight people who work there, each "
            "holding an equal share.",
            "The staff raised the purchase price with a loan from a regional "
            "cooperative bank and small contributions from regular customers, "
            "who are repaid in bread. Decisions are made at a meeting every "
            "second Monday, after the shop closes.",
            "Not everything has been easy. The members admit that the first "
            "meetings ran late into the night, and that agreeing on a new "
            "sourdough recipe took three months.",
            Quote(
                text=(
                    "Before, if something went wrong, it was somebody else's "
                    "problem. Now it is everyone's, and that turns out to be "
                    "a good thing."
                ),
                source_name="Jonas Mayer, baker and member",
                days_ago=10,
            ),
            "The cooperative has taken on two apprentices and plans to open a "
            "small café in the empty unit next door next year.",
        ),
    ),
    Article(
        slug="school-streets-trial-extended",
        title="School streets trial extended after parents report calmer mornings",
        standfirst=(
            "Roads outside four primary schools close to cars for half an hour "
            "at the start and end of the day. The trial will now run for "
            "another year."
        ),
        byline="By Peter Lund",
        days_ago=16,
        section="city",
        also_in=("latest",),
        tags=("transport", "cities", "youth"),
        lead=Picture("School street morning"),
        body=(
            "For six months, the roads outside four primary schools have been "
            "closed to through traffic between a quarter past eight and a "
            "quarter to nine. Residents and deliveries can still get in, "
            "at walking pace.",
            "Counts taken by the council found that the number of children "
            "arriving on foot, by bike or by scooter rose by almost a third. "
            "Complaints from neighbours, which were frequent in the first "
            "weeks, have mostly stopped.",
            "Some parents who drive from further away say the closures push "
            "traffic onto nearby roads. The council says it will add two "
            "drop-off points a short walk from the schools.",
            "The trial has been extended for a further school year, after "
            "which councillors will decide whether to make it permanent.",
        ),
    ),
    Article(
        slug="island-ferry-returns",
        title="Island ferry returns after winter refit, with room for more bikes",
        standfirst=(
            "The small car ferry that links Holmsey to the mainland is back in "
            "service, with a rebuilt deck and a quieter engine."
        ),
        byline="By Sofie Brannagh",
        days_ago=24,
        section="world",
        tags=("transport", "coasts"),
        lead=Picture("Holmsey ferry"),
        body=(
            "For the three hundred people who live on Holmsey, the ferry is "
            "the road to school, work and the doctor. During its ten-week "
            "refit, islanders relied on a smaller boat that carried no cars.",
            "The refitted ferry has a new engine that burns less fuel and runs "
            "far more quietly, which the crew say makes the short crossing "
            "feel calmer. A rack on the car deck now holds twenty bicycles.",
            Quote(
                text=(
                    "You notice the quiet first. Then you notice you can hear "
                    "the gulls again."
                ),
                source_name="Ewan Tarr, the ferry's skipper",
                days_ago=25,
            ),
            "The timetable is unchanged, with eleven crossings a day in summer "
            "and seven in winter.",
        ),
    ),
    Article(
        slug="mountain-rescue-volunteers",
        title="The volunteers who answer the call when walkers are lost in the hills",
        standfirst=(
            "The Kessel Valley mountain rescue team was called out ninety "
            "times last year. Its members are teachers, nurses and farmers, "
            "and none of them is paid."
        ),
        byline="By Ruth Odegaard",
        days_ago=33,
        section="world",
        tags=("volunteers", "mountains"),
        lead=Picture("Kessel Valley ridge"),
        body=(
            "When a pager goes off in the Kessel Valley, around thirty people "
            "stop what they are doing. Within twenty minutes, the first of "
            "them are at the team's base, a converted barn at the foot of the "
            "pass.",
            "Most call-outs are for walkers who have twisted an ankle or "
            "misjudged the light. A few each winter are far more serious, and "
            "searches can last through the night.",
            Picture(
                "Rescue team training",
                caption="Team members practise a stretcher lower on a steep slope.",
            ),
            "New members train for a year before they join a search. They "
            "learn navigation in fog, first aid in the cold and how to move a "
            "stretcher down ground too steep to walk on.",
            Quote(
                text=(
                    "Nobody sets out planning to need us. The best thing a "
                    "walker can do is tell someone where they are going."
                ),
                source_name="Lars Brekke, team leader",
                days_ago=34,
                link="https://example.org/kessel-rescue/advice",
            ),
            "The team is funded entirely by donations, and its open day next "
            "month will include demonstrations and a chance to see the dogs "
            "train.",
        ),
    ),
)
