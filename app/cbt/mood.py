"""Mood trends and the daily check-in prompt.

`mood_series` is the chart's data model: the GUI draws exactly these points and marks exactly these days,
and the tests check them against known check-ins. Days are the person's local days (a check-in at 23:30 on
Monday belongs to Monday wherever it is stored in UTC), so every function takes the time zone to use:
None means this computer's, with its daylight-saving rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from app.storage import Store
from app.storage.journal import completion_times, list_moods

BUCKETS = ("day", "week", "month")
CHECK_IN_OPT_IN_KEY = "cbt.mood_check_in.opt_in"  # True once the person asks for a daily prompt
CHECK_IN_PROMPTED_KEY = "cbt.mood_check_in.prompted_on"  # the local day the prompt was last shown


@dataclass(frozen=True)
class MoodPoint:
    start: date  # the bucket's first day (a Monday for weeks, the 1st for months)
    mean: float  # mean mood 0–10 of the check-ins in the bucket
    count: int  # how many check-ins


@dataclass(frozen=True)
class MoodSeries:
    start: date
    end: date  # inclusive
    bucket: str
    points: tuple[MoodPoint, ...]  # buckets with at least one check-in, oldest first (gaps are gaps)
    exercise_days: frozenset[date]  # days in the range on which an exercise was completed

    def buckets(self) -> list[date]:
        """Every bucket start in the range, with or without data (the chart's x axis)."""
        out, current = [], bucket_start(self.start, self.bucket)
        while current <= self.end:
            out.append(current)
            current = _next_bucket(current, self.bucket)
        return out


def bucket_start(day: date, bucket: str) -> date:
    if bucket == "day":
        return day
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    raise ValueError(f"bucket must be one of {BUCKETS}, not {bucket!r}")


def mood_series(store: Store, start: date, end: date, bucket: str = "day", tz: tzinfo | None = None) -> MoodSeries:
    """Mean mood per day, week (Monday first) or month for the local days start..end (inclusive), with the
    days on which exercises were completed."""
    bucket_start(start, bucket)  # validates the bucket name
    if end < start:
        raise ValueError("end must not be before start")
    since, until = day_start(start, tz), day_start(end + timedelta(days=1), tz)
    totals: dict[date, list[int]] = defaultdict(list)
    for checkin in list_moods(store, since, until, newest_first=False):
        assert checkin.created_at is not None
        totals[bucket_start(local_day(checkin.created_at, tz), bucket)].append(checkin.mood)
    points = tuple(MoodPoint(key, sum(moods) / len(moods), len(moods)) for key, moods in sorted(totals.items()))
    days = frozenset(local_day(moment, tz) for moment in completion_times(store, since, until))
    return MoodSeries(start, end, bucket, points, days)


def check_in_due(store: Store, now: datetime, opted_in: bool | None = None) -> bool:
    """Whether to prompt for a mood check-in now: only if the person opted in (`opted_in`, or the stored
    setting when None), at most once per local day, and not if they already checked in today."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware, e.g. datetime.now().astimezone()")
    if opted_in is None:
        opted_in = store.get_setting(CHECK_IN_OPT_IN_KEY, False) is True
    if not opted_in:
        return False
    today = now.date()
    if store.get_setting(CHECK_IN_PROMPTED_KEY) == today.isoformat():
        return False
    since = datetime.combine(today, time(), tzinfo=now.tzinfo)
    return not list_moods(store, since, since + timedelta(days=1), limit=1)


def mark_check_in_prompted(store: Store, now: datetime) -> None:
    """Record that the prompt was shown today (whether or not the person checked in)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    store.set_setting(CHECK_IN_PROMPTED_KEY, now.date().isoformat())


def check_in_opted_in(store: Store) -> bool:
    return store.get_setting(CHECK_IN_OPT_IN_KEY, False) is True


def set_check_in_opt_in(store: Store, opted_in: bool) -> None:
    store.set_setting(CHECK_IN_OPT_IN_KEY, bool(opted_in))


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    return moment.astimezone(tz).date()


def day_start(day: date, tz: tzinfo | None = None) -> datetime:
    """Midnight at the start of `day` in `tz` (None: this computer's zone, daylight saving included)."""
    if tz is None:
        return datetime.combine(day, time()).astimezone()
    return datetime.combine(day, time(), tzinfo=tz)


def _next_bucket(day: date, bucket: str) -> date:
    if bucket == "day":
        return day + timedelta(days=1)
    if bucket == "week":
        return day + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
