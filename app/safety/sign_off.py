"""A message that only ends the conversation: "ok thanks, bye", "night!", "talk tomorrow".

The learned scorer gives a bare farewell the crisis response ("bye" 0.85, "goodbye" 0.92): in the public
posts it learned from, "Goodbye" alone on r/SuicideWatch is a goodbye note, and a single message is all the
scorer sees. In a companion app most farewells end a chat about a bad day, and answering "ok thanks, bye"
with the crisis response tells the person we did not read them. So the rails (rails.screen) do not act on
the score alone when a message is only a conventional sign-off AND the conversation before it was calm: it
had earlier messages and none raised concern. A message raises concern with a check-in or a crisis, a score
of nine tenths of the check-in level, or words of despair: the scorer rates "I feel hopeless" 0.07, and
a goodbye after it is a warning sign, not a sign-off. The first message of a conversation, any rule match,
words of finality ("goodbye forever", "bye everyone", "this is goodbye", "bye, I'm done") and a conversation
that raised concern keep the verdict the score gives.

Plain Python, on normalised text (lowercase, no punctuation, "i am", "do not"): the whole message must be the
sign-off, so nothing else it says is overlooked.
"""

from __future__ import annotations

import re

from app.safety.normalise import SEPARATOR

MAX_WORDS = 10  # a sign-off is short; anything longer says something else too

_LEAD = r"(?:ok|okay|k|right|alright|all right|anyway|anyways|well|cool|great|nice|yeah|yes|yep|so|oh|ah|aw|" \
        r"thanks|thank you|thank u|thankyou|thx|ty|cheers|ta|lol|haha)"
# The farewell itself. Not "goodbye everyone/world/all", "bye for good", "this is goodbye": those are not here.
_FAREWELL = (r"(?:bye+|bye bye|byee+|goodbye|good bye|goodnight|good night|night|nite|night night|nighty night|"
             r"see you|see ya|see u|cya|later|laters|catch you later|talk (?:to you )?(?:later|soon|tomorrow)|"
             r"speak (?:to you )?(?:later|soon|tomorrow)|ttyl|gotta go|got to go|i have to go|i need to go|"
             r"i have got to go|i am off|i am off now|off to bed|going to bed|i am going to bed|"
             r"i am going to (?:sleep|get some sleep|try and sleep|try to sleep)|going to (?:sleep|try and sleep)|"
             r"sleep well|have a good (?:night|day|evening|one))")
_TAIL = r"(?:now|then|for now|for today|for tonight|tonight|x+|thanks|thank you|again|(?:see you|talk) " \
        r"(?:later|soon|tomorrow)|later|soon|tomorrow|in the morning|next week|lol)"
_SIGN_OFF = re.compile(rf"^(?:{_LEAD} )*{_FAREWELL}(?: {_TAIL})*$")


def is_sign_off(normalised: str) -> bool:
    """Whether the whole (normalised) message is a plain farewell: "ok thanks bye", "night night x"."""
    text = " ".join(word for word in normalised.split() if word != SEPARATOR)  # "ok. bye!": "ok | bye"
    return 0 < len(text.split()) <= MAX_WORDS and _SIGN_OFF.match(text) is not None


# Words after which a goodbye is not waved through (normalised text). Broad on purpose: a match costs only a
# goodbye that gets the score's verdict, as every goodbye did before.
_CONCERN = re.compile(
    r"\b(?:hopeless\w*|pointless|no point|what is the point|worthless|burden|empty|numb|alone|lonely|trapped|"
    r"no way out|give up|giving up|gave up|can not (?:do|cope|take|go on|keep|handle|face)|anymore|any more|"
    r"tired of|sick of|done with|nothing matters|hate (?:my life|myself|me)|better off|disappear\w*|cry|crying|"
    r"cried|dark|despair\w*|desperate|suicid\w*|self harm\w*|hurt (?:myself|me)|die|dying|dead|death|kill\w*|"
    r"end it|ending it|not (?:be )?here|not want to (?:be|live|wake)|overdose|pills|cut|cutting|scared|"
    r"unbearable|falling apart|broken|failure|useless|nobody cares|no one cares)\b")


def raises_concern(normalised: str) -> bool:
    """Whether a (normalised) message uses words of despair or risk; then the conversation is not calm."""
    return _CONCERN.search(normalised) is not None
