"""Log formatter that never dumps article bodies into the crawl log."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class TipwatchLogFormatter(LogFormatter):
    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        # Skips are expected and counted in the report: INFO, and the reason only.
        return {
            "level": logging.INFO,
            "msg": "Dropped: %(exception)s",
            "args": {"exception": exception},
        }

    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        src = response.url if isinstance(response, Response) else "(failure)"
        return {"level": logging.DEBUG, "msg": "Scraped from %(src)s", "args": {"src": src}}
