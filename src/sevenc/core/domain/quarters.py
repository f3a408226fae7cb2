"""Quarter labels such as ``2027-Q1``: parsing, arithmetic and the quarter a date falls in. Pure: stdlib only."""

from __future__ import annotations

import datetime as dt
import re

# The one quarter rule (models, forms and schemas use PATTERN): plans are made for the years 2000 to 2999.
FIRST_YEAR, LAST_YEAR = 2000, 2999
PATTERN = r"^(2\d{3})-Q([1-4])$"
_QUARTER = re.compile(PATTERN)
RANGE = f"quarters run from {FIRST_YEAR}-Q1 to {LAST_YEAR}-Q4"


def parse(label: str) -> tuple[int, int]:
    """``"2027-Q1"`` → ``(2027, 1)``; ValueError with a clear message otherwise."""
    m = _QUARTER.match(label.strip())
    if not m:
        raise ValueError(f"{label!r} is not a quarter; use the form 2027-Q1 ({RANGE})")
    return int(m.group(1)), int(m.group(2))


def label(year: int, quarter: int) -> str:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"the quarter {year}-Q{quarter} is out of range; {RANGE}")
    return f"{year}-Q{quarter}"


def quarter_of(day: dt.date) -> int:
    """The quarter (1–4) a day falls in."""
    return (day.month - 1) // 3 + 1


def of_date(day: dt.date) -> str:
    """``2027-05-04`` → ``"2027-Q2"`` (ValueError outside the quarters' range)."""
    return label(day.year, quarter_of(day))


def add(quarter_label: str, n: int) -> str:
    year, q = parse(quarter_label)
    index = year * 4 + (q - 1) + n
    return label(index // 4, index % 4 + 1)


def span(first: str, count: int) -> list[str]:
    """``count`` consecutive quarters from ``first``."""
    return [add(first, i) for i in range(count)]


def index_in(quarter_label: str, first: str) -> int:
    """How many quarters ``quarter_label`` lies after ``first`` (negative when before)."""
    y1, q1 = parse(first)
    y2, q2 = parse(quarter_label)
    return (y2 * 4 + q2) - (y1 * 4 + q1)


def start(quarter_label: str) -> dt.date:
    year, q = parse(quarter_label)
    return dt.date(year, 3 * (q - 1) + 1, 1)


def end(quarter_label: str) -> dt.date:
    """The last day of the quarter."""
    return start(add(quarter_label, 1)) - dt.timedelta(days=1)
