"""UTC datestamps of the protocol: days (YYYY-MM-DD) or seconds (YYYY-MM-DDThh:mm:ssZ)."""
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

DAY = "YYYY-MM-DD"
SECONDS = "YYYY-MM-DDThh:mm:ssZ"
GRANULARITY = SECONDS
PATTERNS = {
    DAY: re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    SECONDS: re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"),
}


@dataclass(frozen=True)
class Datestamp:
    value: datetime  # aware, UTC
    granularity: str

    def lower_bound(self):
        """`from`: the first instant it covers."""
        return self.value

    def upper_bound(self):
        """`until` is inclusive: the first instant after the day or second it names."""
        return self.value + (timedelta(days=1) if self.granularity == DAY else timedelta(seconds=1))


def parse(text):
    """A Datestamp, or None when the text is neither granularity (or not a real date)."""
    for granularity, pattern in PATTERNS.items():
        if pattern.match(text or ""):
            try:
                if granularity == DAY:
                    day = datetime.strptime(text, "%Y-%m-%d").date()
                    value = datetime.combine(day, time(0), tzinfo=UTC)
                else:
                    value = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            except ValueError:
                return None
            return Datestamp(value, granularity)
    return None


def format_datestamp(moment):
    """An aware datetime as the repository's datestamp (UTC, to the second)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now():
    return datetime.now(UTC)
