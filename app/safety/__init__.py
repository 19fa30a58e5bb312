"""Safety guardrails: profiles, the input and output rails, the crisis flow and the clinician lock.

Plain Python (no Qt, no networking, no model imports). What a chat session uses:

    from app.safety import Guardrails, CrisisState, resolve_profile
    rails = Guardrails(ProfileLock(store).active().profile)    # or resolve_profile(...).profile
    opening = rails.open_conversation(state, conversation_id)  # disclaimer, check-in, pinned help lines
    screening = rails.screen(text, opening.state)              # per message: the model, or a fixed reply
    screening = rails.answer_check_in(answer, screening.state) # a button answering the check-in question
    filter = rails.output_filter()                             # per reply: feed(piece) / finish()
"""

from app.safety.check_in import CheckInAnswer, parse_check_in_answer
from app.safety.crisis import CRISIS_STATE_KEY, CrisisState, load_crisis_state, save_crisis_state
from app.safety.errors import LockError, Problem, ProfileError, SafetyError
from app.safety.loading import (
    DEFAULT_PROFILE_ID,
    ResolvedProfile,
    builtin_profile,
    default_profile,
    load_profile,
    read_profile_file,
    resolve_profile,
    shipped_profiles,
)
from app.safety.lock import InstalledProfile, ProfileLock
from app.safety.profile import Profile, ScorerSettings, validate_profile_text
from app.safety.rails import AuditEntry, Guardrails, Opening, OutputFilter, Screening
from app.safety.scorer import RiskScorer, ScorerSet, load_scorers, shipped_scorers
from app.safety.verdict import Action, HelpResource, Verdict

__all__ = [
    "CRISIS_STATE_KEY",
    "DEFAULT_PROFILE_ID",
    "Action",
    "AuditEntry",
    "CheckInAnswer",
    "CrisisState",
    "Guardrails",
    "HelpResource",
    "InstalledProfile",
    "LockError",
    "Opening",
    "OutputFilter",
    "Problem",
    "Profile",
    "ProfileError",
    "ProfileLock",
    "ResolvedProfile",
    "RiskScorer",
    "SafetyError",
    "ScorerSet",
    "ScorerSettings",
    "Screening",
    "Verdict",
    "builtin_profile",
    "default_profile",
    "load_crisis_state",
    "load_profile",
    "load_scorers",
    "parse_check_in_answer",
    "read_profile_file",
    "resolve_profile",
    "save_crisis_state",
    "shipped_profiles",
    "shipped_scorers",
    "validate_profile_text",
]
