"""Hooks: how an app lower in ``docs/architecture.md``'s order lets the apps above it join in without importing them.

A hook is a list of functions kept by the lower app (``records.selectors.CHRONOLOGY_SOURCES``,
``records.services.CONTACT_LOGGED``, ``cases.services.CASE_ACTED``, ``cases.sweep.EXTRA_TASKS``, …); each app above
adds its own in its ``AppConfig.ready`` with :func:`add`.
"""

from __future__ import annotations

from collections.abc import Callable


def add(hook: list[Callable], *functions: Callable) -> None:
    """Append ``functions`` to ``hook`` once each (``ready`` may run more than once, as in tests)."""
    for function in functions:
        if function not in hook:
            hook.append(function)
