"""Create the "Moderators" group: admin access and "Can moderate comments"."""

from django.db import migrations


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        Permission.objects.get(
            codename="moderate_comments", content_type__app_label="discussion"
        ),
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        ),
        *Permission.objects.filter(
            content_type__app_label="moderation", content_type__model="ban"
        ),
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("discussion", "0003_alter_comment_options_and_more"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
