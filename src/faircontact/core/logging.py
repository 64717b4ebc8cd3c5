"""Logging without personal data: query strings (which carry searched names and NINOs) are cut from every record.

Applied to every handler in the settings' ``LOGGING``. Application code logs ids only, never names, NINOs or text.
"""

from __future__ import annotations

import logging
import re

QUERY = re.compile(r"\?[^\s\"']*")


class RedactQueryStrings(logging.Filter):
    """Replace ``?…`` in the formatted message (request lines, URLs) with ``?[redacted]``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = QUERY.sub("?[redacted]", message), ()
        return True
