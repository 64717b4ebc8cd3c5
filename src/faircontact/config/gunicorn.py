"""gunicorn settings: ``gunicorn -c python:faircontact.config.gunicorn faircontact.config.wsgi:application``.

Options given on the command line (``--bind``, ``--workers``, ...) override these. Sync workers, about
``2 × cores + 1``, each answering one request at a time: Python threads in one process share one core (the
GIL), so a gate call behind a page render in the same process waits for it; separate processes do not. A load
balancer in front holds the clients' keep-alive connections (docs/deployment.md).

The application, its URL configuration, the policy profile and the text models are loaded once in the master
before the workers are forked, then frozen out of the garbage collector: the workers share that memory, no first
request pays for the imports, and a full collection scans only what a worker allocated itself (~3 ms instead of
~85 ms). The contextual abuse model (onnxruntime) is the exception: each worker loads it once forked
(:func:`post_worker_init`; ``config/warm.py`` says why).

Access and error logs go to standard output and error through :class:`RedactingLogger`: the same filter as the
application's logs (``core.logging.RedactQueryStrings``) cuts every query string — searched names and NINOs — from
the request line before a line is written (the referrer and the browser are not logged).
"""

from __future__ import annotations

import gc
import os

from gunicorn.glogging import Logger

from faircontact.core.logging import RedactQueryStrings

bind = "127.0.0.1:8000"
worker_class = "sync"
workers = 2 * (os.cpu_count() or 1) + 1
timeout = 120
preload_app = True
control_socket_disable = True  # not used; its default path is one per user, shared by every server started
accesslog = "-"
# the request without its query string, status, size, time taken in microseconds
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(D)sus'


class RedactingLogger(Logger):
    """gunicorn's logger with query strings cut from every access and error line."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(f, RedactQueryStrings) for f in log.filters):
                log.addFilter(RedactQueryStrings())


logger_class = RedactingLogger


def when_ready(server) -> None:
    """In the master, before any fork: import what requests use, close the database, freeze the heap."""
    from django.db import connections  # in the master once Django is set up: this file is read before

    from faircontact.config.warm import warm_up  # (as above)

    warm_up(will_fork=True)  # the text models read once here, shared by every forked worker
    connections.close_all()  # a forked worker must not share its parent's connection
    gc.freeze()


def post_worker_init(worker) -> None:
    """In each worker, once forked: the contextual abuse model, before the first request (not in the master)."""
    from faircontact.indicators import abuse_context  # in the worker: the master must not import onnxruntime

    abuse_context.load()
