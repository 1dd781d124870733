"""Tasks that log under the id of the request that queued them.

A task queued while answering a request (a guest's post queues its mails)
takes the request's id along as one more keyword argument, and everything it
logs while it runs carries that id (`request_id` in the JSON log), as do its
error reports. An operator can then follow one reader's post from the request
line to the worker's lines about the mails it caused, on any task backend.
"""

from dataclasses import fields

from django_tasks import task as plain_task
from django_tasks.base import Task

from .request_ids import answering, current_request_id

# Named so that no task's own argument can clash with it.
REQUEST_ID_ARGUMENT = "masthead_request_id"


class RequestIdTask(Task):
    """A django-tasks Task that hands the current request id on to its run."""

    __slots__ = ()

    def enqueue(self, *args, **kwargs):
        return super().enqueue(*args, **_with_request_id(kwargs))

    async def aenqueue(self, *args, **kwargs):
        return await super().aenqueue(*args, **_with_request_id(kwargs))

    def call(self, *args, **kwargs):
        with answering(kwargs.pop(REQUEST_ID_ARGUMENT, None)):
            return super().call(*args, **kwargs)

    async def acall(self, *args, **kwargs):
        with answering(kwargs.pop(REQUEST_ID_ARGUMENT, None)):
            return await super().acall(*args, **kwargs)


def _with_request_id(kwargs: dict) -> dict:
    request_id = current_request_id()
    return {**kwargs, REQUEST_ID_ARGUMENT: request_id} if request_id else kwargs


def task(function=None, **options):
    """django_tasks.task, making a RequestIdTask; used as `@task()`."""

    def wrapper(function):
        made = plain_task(**options)(function)
        return RequestIdTask(**{f.name: getattr(made, f.name) for f in fields(made)})

    return wrapper(function) if function is not None else wrapper
