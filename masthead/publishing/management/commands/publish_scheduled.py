"""manage.py publish_scheduled: Wagtail's command, one run at a time.

Every server's timer starts it each minute; two runs at once would both publish
the same revisions (two log entries, two cache purges each). This module, in an
app listed before Wagtail, takes the command's name and its lock.
"""

from wagtail.management.commands.publish_scheduled import (
    Command as WagtailPublishScheduled,
)

from masthead.operations.single_run import run_alone


class Command(WagtailPublishScheduled):
    help = (
        "Publish revisions whose scheduled time has come and unpublish expired "
        "pages (run every minute; a run that finds another under way does nothing)."
    )

    @run_alone
    def handle(self, *args, **options):
        return super().handle(*args, **options)
