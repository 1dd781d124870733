"""Demo articles about the environment and the science of it."""

from demo.records import Article, Picture, Quote

STORIES = (
    Article(
        slug="coastal-erosion-study",
        title="Study maps how fast the cliffs at Marrow Point are retreating",
        standfirst=(
            "Ten years of drone surveys show the soft cliffs losing almost a "
            "metre a year, faster in the winters with the biggest storms."
        ),
        byline="By Dr Nell Asquith",
        days_ago=5,
        section="science",
        also_in=("environment",),
        tags=("coasts", "climate", "research"),
        lead=Picture("Marrow Point cliffs"),
        body=(
            "A team from the regional university has flown the same route "
            "along the cliffs at Marrow Point every spring for a decade. By "
            "comparing the three-dimensional models, they can measure how "
            "much of the cliff has fallen into the sea.",
            "The average loss is just under a metre a year, but the rate is "
            "far from even. Three winters with long runs of storms account "
            "for more than half of the total.",
            Picture(
                "Cliff survey drone",
                caption="A survey drone is launched from the cliff path.",
            ),
            "The researchers say the results will help the council decide "
            "which stretches of the coastal path to move inland, and when.",
            Quote(
                text=(
                    "The cliffs do not retreat a little every day. They hold, "
                    "and then a storm takes a slice. Planning has to allow "
                    "for that."
                ),
                source_name="Dr Nell Asquith, the study's lead author",
                days_ago=6,
                link="https://example.org/marrow-point/study",
            ),
        ),
    ),
    Article(
        slug="river-cleanup-weekend",
        title="Two hundred volunteers pull a tonne of rubbish from the River Esk",
        standfirst=(
            "Kayakers, anglers and school groups spent the weekend clearing "
            "the riverbanks through the town, from the weir to the old mill."
        ),
        byline="By Callum Reyes",
        days_ago=7,
        section="environment",
        also_in=("city",),
        tags=("rivers", "community", "volunteers"),
        lead=Picture("River Esk banks"),
        body=(
            "By Sunday afternoon, the skip beside the old mill was full: "
            "shopping trolleys, traffic cones, tyres and hundreds of bottles. "
            "Volunteers weighed the haul at just over a tonne.",
            "The clean-up has been held every autumn for six years. Organisers "
            "say the amount of rubbish is slowly falling, and that this year "
            "more of it was old debris washed down by floods.",
            "Kayakers worked the stretches that cannot be reached from the "
            "bank, while anglers, who know the river best, pointed out where "
            "rubbish tends to collect.",
            Quote(
                text=(
                    "The first year, people walked past and stared. Now they "
                    "stop and ask for gloves."
                ),
                source_name="Priya Nand, one of the organisers",
                days_ago=7,
            ),
        ),
    ),
    Article(
        slug="heat-pump-rollout",
        title="Street by street, a town swaps its gas boilers for heat pumps",
        standfirst=(
            "Under a scheme run by the local energy cooperative, 400 homes in "
            "Aldbury have had heat pumps fitted in eighteen months."
        ),
        byline="By Greta Solberg",
        days_ago=12,
        section="environment",
        also_in=("science",),
        tags=("energy", "climate", "housing"),
        lead=Picture("Heat pumps in Aldbury"),
        body=(
            "Rather than waiting for households to act one at a time, the "
            "Aldbury energy cooperative offers heat pumps to a whole street at "
            "once. Installers work through the houses in a fortnight, which "
            "keeps the cost down.",
            "Residents pay a fixed monthly sum, roughly what they spent on "
            "gas, for fifteen years. The cooperative borrows against those "
            "payments to fund the next street.",
            "Early readings from a sample of homes show bills falling by about "
            "a fifth over a winter, though the figures vary with insulation.",
            Quote(
                text=(
                    "The neighbours talk to each other, so by the time we "
                    "reach the end of a street, nobody needs convincing."
                ),
                source_name="Oskar Lindqvist, installer",
                days_ago=13,
            ),
            "The cooperative hopes to reach a thousand homes by the end of "
            "next year and is training local electricians to help.",
        ),
    ),
    Article(
        slug="wild-bee-survey",
        title="Citizen scientists record forty species of wild bee in city parks",
        standfirst=(
            "A summer-long survey by volunteers found more kinds of bee in "
            "the city's parks and verges than anyone had expected."
        ),
        byline="By Dr Sam Okafor",
        days_ago=19,
        section="science",
        also_in=("environment",),
        tags=("research", "volunteers", "nature"),
        lead=Picture("Wild bee survey"),
        body=(
            "Armed with nets, jars and a field guide, around sixty volunteers "
            "walked set routes through the city's parks once a fortnight from "
            "May to September. Each bee was photographed and released.",
            "The final count was forty species, including two that had not "
            "been recorded in the region for twenty years. Patches of "
            "uncut grass along roadsides were among the richest spots.",
            "The survey's coordinators say the results argue for mowing some "
            "verges less often, and the parks department has agreed to try "
            "it on three roads next year.",
        ),
    ),
    Article(
        slug="community-orchard-seed-library",
        title="A forgotten orchard becomes a seed library for the neighbourhood",
        standfirst=(
            "Old apple trees behind the hospital are being restored, and the "
            "shed beside them now lends out seeds instead of tools."
        ),
        byline="By Amira Castell",
        days_ago=41,
        section="environment",
        tags=("food", "community", "nature"),
        lead=Picture("Hospital orchard"),
        body=(
            "Behind the district hospital, hidden by a hedge, stand thirty "
            "apple trees planted when the building was a farm. Until last "
            "year they had not been pruned in decades.",
            "A group of neighbours now looks after them, guided by a retired "
            "gardener who identified eleven old varieties. Cuttings are being "
            "grafted so the rarest trees can be planted elsewhere.",
            Picture(
                "Seed library shelves",
                caption="Seed packets are labelled by hand and lent for a season.",
            ),
            "The shed at the edge of the orchard holds the seed library. "
            "Anyone can borrow a packet in spring, on the promise of returning "
            "some seed from their harvest in the autumn.",
        ),
    ),
    Article(
        slug="comet-spotted-by-amateurs",
        title="Amateur astronomers catch a faint comet from the dark-sky reserve",
        standfirst=(
            "Members of a local astronomy club were among the first to "
            "photograph the comet as it brightened over the moors."
        ),
        byline="By Dr Nell Asquith",
        days_ago=52,
        section="science",
        tags=("astronomy", "research", "community"),
        lead=Picture("Comet over the moor"),
        body=(
            "On a clear, moonless night, members of the Moorside Astronomical "
            "Society set up their telescopes in the car park of the dark-sky "
            "reserve. By two in the morning, they had their first images.",
            "The comet is too faint to see with the naked eye, but long "
            "exposures show a short, greenish tail. The club's measurements "
            "of its position have been shared with professional observers.",
            Quote(
                text=(
                    "There is still real science that anyone with patience "
                    "and a dark sky can do. That is what keeps us coming out "
                    "in the cold."
                ),
                source_name="Daniel Ashby, club secretary",
                days_ago=53,
                link="https://example.org/moorside-astro/comet",
            ),
            "The society holds public viewing evenings at the reserve each "
            "month when the weather allows.",
        ),
    ),
)
