"""An index on Wagtail's page tree by depth, for the admin's every request.

For a superuser, each admin page asks for the tree's roots (depth 1, in path
order) to decide whether to show the page explorer. Wagtail's table has no
index on depth, so that read walked every page: 30 ms at ten thousand
articles, on every admin page including the moderation queue.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0008_image_captions_rich_text"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS masthead_page_depth_path_idx"
            " ON wagtailcore_page (depth, path)",
            "DROP INDEX IF EXISTS masthead_page_depth_path_idx",
        )
    ]
