"""What every long-lived process loads before its first request or task: the URL configuration (every view and the
API), the policy profile and the text models. gunicorn's master calls it before forking (its workers share that
memory); ``faircontact worker`` before its first task (a first import would otherwise wait for the models).

A process that will fork (gunicorn's master) must not load the contextual abuse model: importing onnxruntime
starts a thread, and a forked child that then exits normally hangs for ever in onnxruntime's exit handlers,
waiting on that thread. Its workers load it themselves once forked (``config/gunicorn.py``: ``post_worker_init``)."""

from __future__ import annotations

from django.urls import get_resolver

from faircontact.core.profiles import active_profile
from faircontact.gate.similarity import same_issue
from faircontact.indicators import abuse_context
from faircontact.indicators.abuse import possible_abuse


def warm_up(*, will_fork: bool = False) -> None:
    get_resolver().url_patterns  # noqa: B018 - imports every view and the API
    active_profile()
    possible_abuse("warm up the text models")  # reads nothing in context, so loads no onnxruntime
    same_issue("warm up", [(0, "the text models")])
    if not will_fork:
        abuse_context.load()
