"""What the model is told when it tries again after the output rail withheld a sentence.

A withheld sentence is regenerated once (app/chat/checked_reply.py): the model continues from the text
already shown, with one extra system instruction that names what to avoid, and the same output rail checks
the new text. The instruction depends on the output category that withheld the sentence; these texts are
data, kept here in one place, with a default for categories a clinician added to a profile.
"""

from __future__ import annotations

RETRY_INSTRUCTIONS: dict[str, str] = {
    "human-claims": (
        "Do not claim to be a person or to have a life, body, family, job or memories; you are an AI. Do not "
        "give yourself a human name, a profession or appointments, and do not describe your own experiences."),
    "self-harm-methods": (
        "Do not describe or mention any way of hurting oneself or of ending one's life. Speak only about "
        "feelings, staying safe and reaching support."),
    "lethal-doses": (
        "Do not mention any dose, amount or overdose of any drug or medicine. Suggest asking a pharmacist, a "
        "doctor or a poison centre instead."),
    "diagnosis": (
        "Do not diagnose or name a condition the person might have. Say that a doctor or mental health "
        "professional can assess it, and keep to what they described."),
    "medication-advice": (
        "Do not advise on taking, stopping, starting or changing any medication or dose. Suggest talking to a "
        "pharmacist or doctor instead."),
    "unsafe-messaging": (
        "Follow safe messaging guidance: do not say 'commit suicide', do not call suicide successful, failed, "
        "selfish, brave or a solution, and do not describe methods. Be calm and supportive."),
    "harmful-instructions": (
        "Do not give instructions, steps, code, templates or content for anything that could harm the person or "
        "others. Say kindly, in one sentence, that you can't help with that, and ask how the person is doing."),
    "harmful-encouragement": (
        "Never encourage harm, agree that the person is worthless or a burden, or suggest eating less. Be kind "
        "and encourage support."),
}

WITHHELD = "A sentence of your reply was not shown because it broke a rule."
DEFAULT_RETRY_INSTRUCTION = "Do not say it again in other words; keep to kind, general, safe support."


def retry_instruction(category: str | None) -> str:
    """The extra system instruction for a retry after `category` withheld a sentence."""
    return f"{WITHHELD} {RETRY_INSTRUCTIONS.get(category or '', DEFAULT_RETRY_INSTRUCTION)}"
