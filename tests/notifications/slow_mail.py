"""Test-only settings for a worker in a child process: mail to files, slowly.

Start the process with DJANGO_SETTINGS_MODULE=tests.notifications.slow_mail,
SLOW_MAIL_DIR (the folder each mail is written to, one file per mail) and
SLOW_MAIL_SECONDS (how long each send takes, like a distant mail server), so
a test can kill the worker part-way through a batch of mails.
"""

import os
import time
import uuid

from django.core.mail.backends import filebased

from masthead.settings import *  # noqa: F403 (everything else as configured)

EMAIL_BACKEND = "tests.notifications.slow_mail.SlowFileBackend"
EMAIL_FILE_PATH = os.environ.get("SLOW_MAIL_DIR", "")


class SlowFileBackend(filebased.EmailBackend):
    """Django's file backend, one file per mail, each taking SLOW_MAIL_SECONDS."""

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.2")))
        return super().send_messages(email_messages)

    def _get_filename(self):
        if self._fname is None:
            self._fname = os.path.join(self.file_path, f"{uuid.uuid4().hex}.eml")
        return self._fname
