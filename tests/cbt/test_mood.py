"""The mood chart's data model from known check-ins, and the once-a-day check-in prompt."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.cbt.mood import (
    CHECK_IN_OPT_IN_KEY,
    MoodPoint,
    check_in_due,
    mark_check_in_prompted,
    mood_series,
    set_check_in_opt_in,
)
from app.storage import journal as j

TZ = timezone(timedelta(hours=-5), "EST")  # a fixed zone keeps the expected days exact


def at(day: str, hour: int, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=TZ)


@pytest.fixture
def moods(chat_store):
    # Mon 2025-03-03 .. Tue 2025-04-01, in local time (EST). 23:30 on the 3rd is already the 4th in UTC.
    for when, mood in [(at("2025-03-03", 8), 2), (at("2025-03-03", 23, 30), 4), (at("2025-03-05", 12), 9),
                       (at("2025-03-10", 9), 5), (at("2025-03-16", 22), 7), (at("2025-03-31", 10), 3),
                       (at("2025-04-01", 10), 10), (at("2025-02-28", 10), 1)]:
        j.save_mood(chat_store, j.MoodCheckIn(mood=mood, created_at=when))
    done = j.save_exercise(chat_store, j.BreathingSession(pattern_id="box", seconds=60, cycles=4))
    return chat_store, done


def test_daily_points_are_means_per_local_day(moods) -> None:
    store, _ = moods
    series = mood_series(store, date(2025, 3, 3), date(2025, 3, 31), "day", TZ)
    assert series.points == (
        MoodPoint(date(2025, 3, 3), 3.0, 2),  # 2 and 4, the second late in the evening
        MoodPoint(date(2025, 3, 5), 9.0, 1),
        MoodPoint(date(2025, 3, 10), 5.0, 1),
        MoodPoint(date(2025, 3, 16), 7.0, 1),
        MoodPoint(date(2025, 3, 31), 3.0, 1),
    )  # 28 Feb and 1 Apr are outside the range
    assert len(series.buckets()) == 29 and series.buckets()[0] == date(2025, 3, 3)


def test_weekly_points_start_on_mondays(moods) -> None:
    store, _ = moods
    series = mood_series(store, date(2025, 3, 1), date(2025, 4, 6), "week", TZ)
    points = {p.start: p for p in series.points}
    assert date(2025, 2, 24) not in points  # 28 Feb is before the first day asked for
    assert points[date(2025, 3, 3)] == MoodPoint(date(2025, 3, 3), 5.0, 3)  # (2 + 4 + 9) / 3
    assert points[date(2025, 3, 10)] == MoodPoint(date(2025, 3, 10), 6.0, 2)  # Mon 10th and Sun 16th
    assert points[date(2025, 3, 31)] == MoodPoint(date(2025, 3, 31), 6.5, 2)  # 31 Mar and 1 Apr
    assert list(points) == [date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 31)]
    assert series.buckets()[0] == date(2025, 2, 24) and series.buckets()[-1] == date(2025, 3, 31)


def test_monthly_points(moods) -> None:
    store, _ = moods
    series = mood_series(store, date(2025, 2, 1), date(2025, 4, 30), "month", TZ)
    assert series.points == (
        MoodPoint(date(2025, 2, 1), 1.0, 1),
        MoodPoint(date(2025, 3, 1), pytest.approx((2 + 4 + 9 + 5 + 7 + 3) / 6), 6),
        MoodPoint(date(2025, 4, 1), 10.0, 1),
    )
    assert series.buckets() == [date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)]


def test_exercise_days_are_the_local_days_exercises_were_completed(moods) -> None:
    store, breathing = moods
    today = breathing.completed_at.astimezone(TZ).date()
    record = j.save_exercise(store, j.ThoughtRecord(situation="draft only"))  # not finished: no mark
    series = mood_series(store, today - timedelta(days=3), today, "day", TZ)
    assert series.exercise_days == frozenset({today})
    j.save_exercise(store, j.ThoughtRecord(situation="done", completed=True, id=record.id))
    assert mood_series(store, today, today, "week", TZ).exercise_days == frozenset({today})
    assert mood_series(store, date(2025, 3, 1), date(2025, 3, 31), "day", TZ).exercise_days == frozenset()


def test_the_bucket_and_range_are_checked(chat_store) -> None:
    with pytest.raises(ValueError, match="bucket"):
        mood_series(chat_store, date(2025, 1, 1), date(2025, 1, 2), "year")
    with pytest.raises(ValueError, match="before"):
        mood_series(chat_store, date(2025, 1, 2), date(2025, 1, 1))
    assert mood_series(chat_store, date(2025, 1, 1), date(2025, 1, 2)).points == ()


def test_the_check_in_prompt_needs_the_opt_in_and_comes_at_most_once_a_day(chat_store) -> None:
    morning = datetime(2025, 3, 3, 8, tzinfo=TZ)
    assert not check_in_due(chat_store, morning)  # nobody opted in
    assert check_in_due(chat_store, morning, opted_in=True)
    set_check_in_opt_in(chat_store, True)
    assert chat_store.get_setting(CHECK_IN_OPT_IN_KEY) is True
    assert check_in_due(chat_store, morning)
    mark_check_in_prompted(chat_store, morning)
    assert not check_in_due(chat_store, morning.replace(hour=20))  # shown once today already
    tomorrow = morning + timedelta(days=1)
    assert check_in_due(chat_store, tomorrow)
    j.save_mood(chat_store, j.MoodCheckIn(mood=6, created_at=tomorrow.replace(hour=7)))
    assert not check_in_due(chat_store, tomorrow)  # already checked in today, unprompted
    set_check_in_opt_in(chat_store, False)
    assert not check_in_due(chat_store, tomorrow + timedelta(days=1))
    with pytest.raises(ValueError, match="timezone-aware"):
        check_in_due(chat_store, datetime(2025, 3, 3, 8), opted_in=True)


def test_late_evening_check_ins_count_for_the_local_day(chat_store) -> None:
    late = datetime(2025, 3, 3, 23, 30, tzinfo=TZ)
    j.save_mood(chat_store, j.MoodCheckIn(mood=5, created_at=late))
    assert late.astimezone(UTC).date() == date(2025, 3, 4)
    assert not check_in_due(chat_store, late.replace(hour=23, minute=50), opted_in=True)
    assert check_in_due(chat_store, datetime(2025, 3, 4, 6, tzinfo=TZ), opted_in=True)
