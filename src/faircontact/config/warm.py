"""What every long-lived process loads before its first request or task: the URL configuration (every view and the
API), the policy profile and the text models. gunicorn's master calls it before forking (its workers share that
memory); ``faircontact worker`` before its first task (a first import would otherwise wait for the models)."""

from __future__ import annotations

from django.urls import get_resolver

from faircontact.core.profiles import active_profile
from faircontact.gate.similarity import same_issue
from faircontact.indicators.abuse import possible_abuse


def warm_up() -> None:
    get_resolver().url_patterns  # noqa: B018 - imports every view and the API
    active_profile()
    possible_abuse("warm up the text models")
    same_issue("warm up", [(0, "the text models")])
