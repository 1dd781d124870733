"""The example systemd units in deploy/ start commands that exist."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted(DEPLOY.glob("*.service"))
TIMERS = sorted(DEPLOY.glob("*.timer"))
MANAGE_COMMAND = re.compile(r"^ExecStart\S*=.*manage\.py (\S+)", re.MULTILINE)


@pytest.mark.parametrize("unit", UNITS, ids=lambda path: path.name)
def test_every_manage_command_a_unit_runs_exists(unit):
    commands = MANAGE_COMMAND.findall(unit.read_text())
    assert set(commands) <= set(get_commands()), unit.name


@pytest.mark.parametrize("timer", TIMERS, ids=lambda path: path.name)
def test_every_timer_starts_a_unit_that_is_shipped(timer):
    assert (DEPLOY / timer.name.replace(".timer", ".service")).is_file()


def test_the_daily_unit_sends_the_digest_and_forgets_unconfirmed_subscribers():
    text = (DEPLOY / "masthead-daily.service").read_text()
    assert MANAGE_COMMAND.findall(text) == [
        "moderation_digest",
        "forget_unconfirmed_subscriptions",
    ]


def test_the_minutely_unit_publishes_then_requeues_overdue_mail():
    text = (DEPLOY / "masthead-publish.service").read_text()
    assert MANAGE_COMMAND.findall(text) == ["publish_scheduled", "requeue_mail"]
