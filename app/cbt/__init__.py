"""The CBT toolkit and personal memory, without the GUI: plain Python, no Qt, no networking.

What front ends and the chat session call:

    from app import cbt
    content = cbt.load_content()                                   # texts, steps, traps, breathing patterns
    saved = cbt.save_exercise(store, cbt.ThoughtRecord(situation=..., automatic_thought=...))
    screening = cbt.screen_exercise_text(guardrails, store, saved.texts)   # crisis sign → crisis response
    cbt.suggest_distortions(saved.automatic_thought)               # [(trap id, reason)] to confirm or reject
    result = cbt.assist(engine, guardrails, "balanced-thought", saved, store=store)
    series = cbt.mood_series(store, start, end, "week")            # the mood chart's data model
    block = cbt.memory_block(store, count_tokens, 300, guardrails.profile)  # for the system prompt
    move = cbt.choose_move(user_messages, last_replies)           # a guided reply's curated question or step

Records live in the encrypted store (app/storage/journal.py, schema v2); content in assets/cbt/.
"""

from __future__ import annotations

from app.cbt.assist import AssistResult, assist
from app.cbt.breathing import BreathingPattern, Phase, PhaseAt, phase_at
from app.cbt.content import Card, Content, ContentError, Distortion, ExerciseGuide, load_content
from app.cbt.distortions import suggest_distortions
from app.cbt.export import ExportChoice, export_markdown
from app.cbt.memory import memory_block, memory_enabled
from app.cbt.mood import (
    MoodPoint,
    MoodSeries,
    check_in_due,
    check_in_opted_in,
    mark_check_in_prompted,
    mood_series,
    set_check_in_opt_in,
)
from app.cbt.moves import Move, Topic, choose_move, detect_topic, feeling_valence, feeling_words
from app.cbt.screening import ExerciseScreening, load_crisis_state, screen_exercise_text
from app.cbt.suggestions import ExerciseSuggestion, suggest_exercise
from app.cbt.summary import summarise
from app.storage.journal import (
    Activity,
    BreathingSession,
    EmotionRating,
    Exercise,
    InvalidEntry,
    MemoryItem,
    MoodCheckIn,
    ThoughtRecord,
    add_memory,
    delete_exercise,
    delete_memory,
    delete_mood,
    get_exercise,
    get_memory,
    get_mood,
    list_exercises,
    list_memory,
    list_moods,
    planned_activities,
    save_exercise,
    save_mood,
    update_memory,
)

__all__ = [
    "Activity", "AssistResult", "BreathingPattern", "BreathingSession", "Card", "Content", "ContentError",
    "Distortion", "EmotionRating", "Exercise", "ExerciseGuide", "ExerciseScreening", "ExerciseSuggestion",
    "ExportChoice", "InvalidEntry", "MemoryItem", "MoodCheckIn", "MoodPoint", "MoodSeries", "Move", "Phase", "PhaseAt",
    "ThoughtRecord", "Topic", "add_memory", "assist", "check_in_due", "check_in_opted_in", "choose_move",
    "delete_exercise", "delete_memory", "delete_mood", "detect_topic",
    "export_markdown", "feeling_valence", "feeling_words", "get_exercise", "get_memory", "get_mood",
    "list_exercises", "list_memory", "list_moods",
    "load_content", "load_crisis_state", "mark_check_in_prompted", "memory_block", "memory_enabled",
    "mood_series", "phase_at", "planned_activities", "save_exercise", "save_mood", "screen_exercise_text",
    "set_check_in_opt_in", "suggest_distortions", "suggest_exercise", "summarise", "update_memory",
]
