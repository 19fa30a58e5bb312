"""A finished exercise (or a mood check-in) in plain words, to add to the conversation.

Written in the first person, as the person's own message ("I did a thought record…"), so the chat can pick
up from it. Only what they filled in appears; nothing is interpreted.
"""

from __future__ import annotations

from app.cbt.content import Content, load_content
from app.storage.journal import Activity, BreathingSession, EmotionRating, MoodCheckIn, ThoughtRecord

Summarisable = ThoughtRecord | Activity | BreathingSession | MoodCheckIn


def summarise(record: Summarisable, content: Content | None = None) -> str:
    content = content or load_content()
    if isinstance(record, ThoughtRecord):
        return _thought_record(record, content)
    if isinstance(record, Activity):
        return _activity(record)
    if isinstance(record, BreathingSession):
        return _breathing(record, content)
    if isinstance(record, MoodCheckIn):
        return _mood(record)
    raise TypeError(f"cannot summarise {type(record).__name__}")


def _thought_record(record: ThoughtRecord, content: Content) -> str:
    lines = ["I did a thought record."]
    for label, text in (("The situation", record.situation), ("The thought", record.automatic_thought)):
        if text.strip():
            lines.append(f"{label}: {_one_line(text)}")
    if record.emotions_before:
        lines.append(f"How I felt: {_ratings(record.emotions_before)}.")
    if record.distortions_confirmed:
        names = [d.name.lower() for i in record.distortions_confirmed if (d := content.distortion(i))]
        if names:
            lines.append(f"Thinking traps I noticed: {', '.join(names)}.")
    for label, text in (("What supports the thought", record.evidence_for),
                        ("What doesn't fit it", record.evidence_against),
                        ("A more balanced thought", record.balanced_thought)):
        if text.strip():
            lines.append(f"{label}: {_one_line(text)}")
    if record.emotions_after:
        lines.append(f"Afterwards: {_ratings(record.emotions_after, record.emotions_before)}.")
    return "\n".join(lines)


def _ratings(ratings: tuple[EmotionRating, ...], before: tuple[EmotionRating, ...] = ()) -> str:
    earlier = {r.name.casefold(): r.intensity for r in before}
    parts = []
    for rating in ratings:
        was = earlier.get(rating.name.casefold())
        change = f" (was {was})" if was is not None and was != rating.intensity else ""
        parts.append(f"{rating.name} {rating.intensity}/100{change}")
    return ", ".join(parts)


def _activity(activity: Activity) -> str:
    when = f" for {activity.planned_for.strftime('%A %d %B').replace(' 0', ' ')}" if activity.planned_for else ""
    text = _one_line(activity.text)
    if not activity.done:
        return f"I planned an activity{when}: {text}."
    ratings = [f"{label} {value}/10" for label, value in (("sense of achievement", activity.mastery),
                                                          ("enjoyment", activity.pleasure)) if value is not None]
    rated = f" — {', '.join(ratings)}" if ratings else ""
    note = f" {_one_line(activity.note)}" if activity.note.strip() else ""
    return f"I did an activity I planned{when}: {text}{rated}.{note}"


def _breathing(session: BreathingSession, content: Content) -> str:
    pattern = content.breathing.get(session.pattern_id)
    name = pattern.name if pattern else "paced breathing"
    minutes, seconds = divmod(session.seconds, 60)
    length = f"{minutes} min {seconds} s" if minutes and seconds else f"{minutes} min" if minutes else f"{seconds} s"
    return f"I did {length} of {name}."


def _mood(checkin: MoodCheckIn) -> str:
    feelings = f", feeling {', '.join(checkin.emotions)}" if checkin.emotions else ""
    note = f" {_one_line(checkin.note)}" if checkin.note.strip() else ""
    return f"Mood check-in: {checkin.mood}/10{feelings}.{note}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
