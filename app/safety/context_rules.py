"""Reply rules that read the message being answered: a floor every profile gets.

Some replies harm only in context. "Yes, absolutely." is kind after "Should I tell my therapist?" and
harmful after "Is cutting ok if it helps me cope?"; "You're on the right track." is encouragement after
"I went for a walk" and harm after "I've stopped eating to lose weight, any tips to keep going?". A check
that sees only the reply cannot tell these apart. So the output rail also reads the person's latest
message: these rules first note what the message asks (`ASKS`: whether a harmful act is okay, a method or
how to hide it, a dose or which medicine, a diagnosis, agreement with a hopeless belief, whether to get help,
whether to keep it secret, something about the assistant's own life), and then, sentence by sentence,
whether the reply agrees, encourages, normalises, gives the specifics, promises secrecy or claims the life
that was asked about (`ANSWERS`).

Each rule names the ask and the answer ("context.method.gives-specifics"), so a verdict says why. A match is
reported under the profile's output category for that kind of harm (its replacement text is the one
shown); if a profile has no such category, under its encouraging-harm or unsafe-messaging category. The
rules are fixed in code, like builtin_rules.py: a clinician's profile edits the wording people see, not
whether the floor exists. They read the normalised text (normalise.py: "it's" is "it is", sentences are
separated by " | "), except list markers, which normalising removes.

The asks are noted by kind, not by one wording: a harmful act of any kind (self-harm, starving, drinking,
drugs, speeding, hurting someone, cutting everyone off, going without sleep, a stash of pills), asked about,
planned, reported as a habit or called fine; a medicine by any of many names; a condition named in a
question. And two families hold sentences to an allow-list by kind rather than to listed wordings (see
"an allow-list by kind of sentence" below): after a message asking whether harm is okay or asking for
agreement with a hopeless belief, a sentence that approves in any words is withheld unless it also declines,
points to help, warns, voices concern, reflects feelings or asks; and on any turn, so too is a sentence that
itself names a harmful act and approves of it.

What they leave alone, by design: a reply that declines, redirects or says no ("It isn't okay to hurt
yourself, and you deserve care"), warm words that agree with nothing harmful ("It's okay to feel hurt"),
and any reply to a message that asks none of these things. Bare agreement ("Yes.", "Sure,") counts only
when it opens the reply, where it answers the question; later in a reply it can mean anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


def _any(*words: str) -> str:
    """One of `words`, as whole words ("od" is not in "good")."""
    return r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)"


# ---- what a message asks (patterns on the normalised message) -----------------------------------------

# "cut" is self-harm unless it is done to something else: benefits being cut, a pay cut, cutting back or corners
_NOT_SELF = (r"(?! (?:off|down|back|out|in|corners|costs|ties|short|the (?:grass|lawn|cake|hedge|cord|queue|line)|"
             r"(?:my |the |a |them |it |these |those )?(?:\w+ )?(?:tablets?|pills?|doses?|meds|medication|hair|nails|"
             r"fringe|food|sugar|carbs|caffeine|coffee|alcohol|hours|spending|losses)(?: in half| up)?)"
             r"(?!\w))")
SELF_HARM = _any(r"(?<!being )(?<!been )(?<!get )(?<!got )(?<!pay )(?<!budget )(?<!hours )(?<!benefits )cuts?"
                 + _NOT_SELF, "cutting" + _NOT_SELF, r"self harm\w*", r"hurt(?:ing)? my ?self",
                 r"burn(?:ing)? my ?self",
                 r"hit(?:ting)? my ?self", r"punch(?:ing)? (?:my ?self|(?:the )?walls?|things)",
                 r"scratch(?:ing)? my ?self",
                 r"harm(?:ing)? my ?self", r"bleed\w*", "razors?", "blades?",
                 r"(?:cut|burn|scratch|hit|bite|pinch|bruise|carve)(?:s|ed|ing|ting)? (?:into )?my (?:\w+ )?(?:arms?|"
                 r"legs?|"
                 r"wrists?|thighs?|skin|stomach|hands?|body|hips?)", r"welts?", r"snap(?:s|"
                                                                                r"ping)? (?:\w+ ){0,2}(?:bands?|"
                                                                                r"elastic)",
                 r"until (?:it|they|i) (?:bleeds?|welts?|bruises?|marks?|hurts?)",
                 # body-focused harm: pulling hair out, picking or biting skin until it hurts
                 r"pull(?:s|ed|ing)? (?:\w+ ){0,2}(?:my )?hair(?: out)?", r"(?:pick|bit|bite|tear)(?:s|ed|ing|ting)? "
                 r"(?:at )?my (?:skin|nails|lips|cuticles)")
SUICIDE = _any(r"kill(?:ing)? my ?self", r"end(?:ing)? (?:it all|my life|things)", r"suicid\w*", "die",
               "dying", r"overdos\w*", "od", r"hang(?:ing)? my ?self", r"jump(?:ing)? off", r"not wake up")
EATING = _any(r"(?:only|just) (?:eat|eating|ate|had|have|having) (?:one|a single|1) meal", r"one meal a day",
              r"\d+ calories", r"(?:a few )?hundred calories",
              r"(?:stop(?:ped)?|not|no longer|barely) eat(?:ing)?", r"skip(?:ping)? (?:meals|food|eating|dinner|lunch)",
              r"starv\w*", r"purg\w*", r"throw(?:ing)? up", r"make my ?self sick", "fasting", "laxatives?",
              r"lose weight (?:fast|quickly)", r"(?:eat|eating) (?:less|nothing)")
DRINKING = _any(r"drink(?:ing)? (?:too much|a lot|every night|to cope|to sleep|to forget|myself)",
                r"drink(?:ing)? (?:on my own|alone|most nights|every day|(?:\w+ )?(?:bottles?|pints|shots))",
                r"(?:a|one|two|three|whole) bottles? of (?:wine|vodka|gin|whisky|whiskey|rum)",
                r"(?:get|got|getting) (?:wasted|hammered|smashed|blackout drunk)",
                r"drink(?:ing)? (?:\w+ ){0,2}(?:before|at|during) (?:work|school|college|uni|lectures|the morning)",
                r"drink(?:ing)? to (?:calm|relax|cope|sleep|forget|numb|feel|get through)",
                r"get(?:ting)? drunk",
                # an amount of drink, or drink as a habit, in any words ("4 or 5 beers every night")
                r"(?:[3-9]|\d\d+|three|four|five|six|seven|eight|several|loads of|lots of) (?:or \w+ )?(?:\w+ )?"
                r"(?:beers|pints|drinks|glasses of wine|glasses|cans|shots|bottles)",
                r"(?:beers|pints|wine|vodka|gin|whisky|whiskey|rum|cider|alcohol|drinks?) (?:\w+ ){0,3}(?:every|each|"
                r"most) (?:night|day|morning|evening)",
                r"drink(?:ing)? (?:\w+ ){0,2}before (?:my |a |each |every )?(?:shifts?|work|school|class|lectures|"
                r"meetings?|driving|exams?)",
                r"black(?:ing)? out")
# ... other harm to the person, by kind (any of these asked about, planned or reported makes a risky turn)
DRUG_USE = _any(r"(?:smok\w*|vap\w*) (?:weed|pot|a joint|joints|cannabis)", "weed", "cannabis", r"get(?:ting)? high",
                "cocaine", "coke", "mdma", "ecstasy", "molly", "ketamine", "heroin", "meth", "shrooms", "lsd",
                r"(?:pills|tablets|meds) to (?:get high|feel|numb|forget|escape|knock my ?self out)",
                r"knock(?:ing)? my ?self out", r"(?:\w+ s|someone else s|other people s) (?:sleeping )?(?:pills|"
                                               r"tablets|meds|"
                r"medication|prescription)")
RECKLESS = _any(r"driv(?:e|ing) (?:\w+ ){0,2}(?:fast|drunk|recklessly|after (?:drinking|a few))", r"drunk driving",
                r"drink and drive", "speeding", "reckless", r"walk(?:ing)? home alone (?:drunk|at night)")
VIOLENCE = _any(r"(?:hit|punch|slap|hurt|attack|beat up|stab|kick|smack|shove|push)(?:ting|ing|ed|bed|ped)? "
                r"(?:him|her|them|my (?:\w+ )?"
                r"(?:ex|boss|brother|sister|partner|husband|wife|boyfriend|girlfriend|dad|mum|mom|flatmate|"
                r"colleague|coworker|neighbour|neighbor|friend|son|daughter|kid|kids|child)|someone|somebody|people)",
                r"revenge", r"get(?:ting)? back at", r"make (?:him|her|them) pay", r"key(?:ing)? (?:his|her|their) car",
                r"(?:smash|slash|trash)(?:ing)? (?:his|her|their)")
ISOLATION = _any(r"cut(?:ting)? (?:everyone|everybody|all my friends|people|them all|my friends|my family) off",
                 r"cut(?:ting)? off (?:everyone|everybody|all my friends|my friends|my family)", r"isolat\w+ my ?self",
                 r"stay(?:ing)? in (?:bed|my room) (?:all|every)", r"never (?:leave|leaving) (?:the house|my room|"
                                                                   r"home)",
                 r"stop(?:ped)? (?:seeing|talking to|answering|replying to) (?:my |all my )?(?:friends|family|people|"
                 r"everyone|anyone)", r"push(?:ing)? (?:everyone|people|them|my friends) away",
                 r"ghost(?:ing)? (?:everyone|my friends)", r"(?:do not|never) have to (?:see|talk to|"
                                                           r"deal with) (?:anyone|"
                 r"anybody|people)", r"(?:away|hide|hiding) from (?:everyone|everybody|people)",
                 r"(?:not|never) (?:see|seeing|talk to|talking to) (?:anyone|anybody)",
                 r"stop(?:ped)? (?:answering|replying to|returning|picking up) (?:\w+ ){0,3}(?:calls|texts|messages|"
                 r"phone)",
                 r"(?:move|go|run) (?:away |off )?(?:somewhere|where) (?:nobody|no one)", r"run(?:ning)? away",
                 r"disappear(?:ing)? for", r"(?:not|never) tell(?:ing)? (?:anyone|anybody) where")
NEGLECT = _any(r"(?:stop(?:ped)?|quit|not) (?:sleeping|showering|washing)",
               r"stay(?:ed|ing)? up (?:\w+ ){0,2}(?:nights?|all night)", r"(?:nights|days) in a row",
               r"stay(?:ing)? up (?:all|for) (?:night|weekend|the weekend|\w+ days|days)",
               r"(?:go|going|went) without (?:sleep|food|eating)", r"no sleep",
               r"(?:stop|skip|quit|ditch)(?:ping|ped)? (?:taking )?my (?:\w+ )?(?:meds|medication|pills|tablets|"
               r"antidepressants)",
               r"exercis\w* (?:for )?(?:\w+ )?hours", r"burn (?:it )?off (?:everything|what|all)", r"work(?:ing)? "
                                                                                                   r"out until",
               r"gambl\w+", r"chas(?:e|ing) (?:my )?losses", r"punish(?:ing)? my ?self", r"deserve (?:to suffer|"
                                                                                         r"the pain|"
               r"pain|to be hurt|to hurt)", r"binge\w*",
               r"(?:taking|take|took) (?:extra|more|double)(?: of)? (?:my |the )?(?:\w+ )?(?:meds|medication|pills|"
               r"tablets|dose)",
               r"stash\w*", r"stockpil\w*", r"sav(?:e|ed|ing) (?:up )?(?:my |the |some )?(?:pills|tablets|meds|"
                                            r"medication)",
               r"keep(?:ing)? (?:a few|some|extra) (?:of )?(?:my )?(?:pills|tablets|meds)")
HARM_TOPIC = _any(SELF_HARM, SUICIDE, EATING, DRINKING, DRUG_USE, RECKLESS, VIOLENCE, ISOLATION, NEGLECT)
# ... and saying it is planned, a habit, or fine: a statement asks for agreement as a question does
HARM_FRAME = _any(r"i (?:really |just |honestly |only |seriously )?(?:am going to|am gonna|will|want to|plan to|"
                  r"am planning to|have decided to|am about to|"
                  r"might|think i will|think i should)", r"(?:tonight|tomorrow|this weekend) i", r"i have been",
                  r"i keep",
                  r"i always", r"every (?:day|night|time|morning|evening|week)", "again",
                  r"helps? me", r"only thing", r"works for me", r"under control", r"not (?:that |a )?(?:big deal|bad|"
                  r"a problem|hurting anyone|harming anyone)", r"no big deal", r"my (?:choice|body|life|decision)",
                  r"deserved?", r"(?:it is|that is|is) (?:fine|ok|okay|alright|normal|healthy)", "calms? me",
                  r"so (?:that )?i (?:do not|never) have to (?:think|feel|see|deal)", r"nobody s business",
                  r"(?:is|it is) (?:just )?how i (?:cope|unwind|relax|deal|get through|switch off|sleep)",
                  r"most (?:nights|days)", r"works?(?: a treat| well)?", r"in control", r"never felt (?:better|more)",
                  r"makes? me feel", "proud")
MEDICINE = _any("medication", "medicine", "meds", "pills?", "tablets?", r"antidepressants?", r"ssris?",
                r"snris?", "doses?", "dosage", "mg", "paracetamol", "acetaminophen", "ibuprofen", "aspirin",
                r"st johns wort", "sertraline", "fluoxetine", "prozac", "citalopram", "quetiapine", "lithium",
                "xanax", "valium", "diazepam", "benzos?", r"benzodiazepines?", "zopiclone", "melatonin",
                "prescription", r"sleeping (?:pills|tablets)", "zoloft", "lexapro", "escitalopram", "seroquel",
                "ativan", "lorazepam", "clonazepam", "klonopin", "propranolol", "mirtazapine", "venlafaxine",
                "effexor", "duloxetine", "bupropion", "wellbutrin", "lamotrigine", "amitriptyline", "zolpidem",
                "codeine", r"co codamol", "cocodamol", "tramadol", "oxycodone", "naproxen", "adderall", "ritalin",
                "methylphenidate", "antihistamines?", "nytol", "painkillers?", r"antipsychotics?", r"mood "
                                                                                                   r"stabili[sz]ers?",
                r"the pill", "supplements?")
CONDITION = _any("adhd", "add", "bipolar", "borderline", "psychopath", "sociopath", "narcissist", "narcissistic",
                 "hypochondriac", r"an? addict", r"an? alcoholic", "agoraphobia", "burnout", r"hallucinat\w+",
                 "paranoid", "dyslexia", "dyspraxia", "dementia", "manic", "mania", "anorexic", "bulimic", "depression",
                 "depressed", "anxiety", "ocd", "bpd", "ptsd",
                 "autism", "autistic", "schizophrenia", "schizophrenic", r"an? eating disorder",
                 r"(?:a |an )?\w* ?disorder", r"a personality disorder", "psychosis", "psychotic",
                 r"wrong with me", r"a mental illness", "insomnia", "anorexia", "bulimia")
HOPELESS = _any("hopeless", "worthless", "ugly", "unlovable", r"no one", "nobody", "pointless", r"a burden",
                r"better off", r"a failure", r"no point", r"never (?:be )?good enough", r"(?:a )?disappointment",
                r"let (?:everyone|them|you|people) down", r"a mess", r"a loser", r"hates? me", "unwanted", "unloved",
                r"(?:happier|better|easier) without me", "useless", "stupid", r"a waste", "disgusting", "pathetic",
                r"deserve (?:it|this|to)", r"never (?:get|be|going)", r"will ever love", r"not worth",
                r"alone forever", r"forever alone", r"out of pity", r"put up with me", r"(?:am|is) broken",
                r"(?:no one|nobody) wants", r"(?:easier|better) (?:life|lives|off) (?:\w+ ){0,3}if i")

# a statement turned into a question: "That's fine, isn't it?", "... right?", "Good idea?"
AGREEMENT_TAG = (r"(?:right|is not it|is it not|is that not|are not they|do not they|do not you|do they|does it|"
                 r"would not they|would they|will they|would not you|did not i|can not i|am i not|is it|"
                 r"yeah|ok|okay|good idea|bad idea|is that (?:ok|okay|bad|wrong|fine)|would not it|would it|"
                 r"will it|agree|true)(?= \||\s*$)")
ASK_FORM = _any(AGREEMENT_TAG, r"thinking (?:of|about)", r"i (?:have )?decided to", r"planning to",
                r"is it (?:ok|okay|fine|alright|all right|bad|wrong|normal|safe)", r"(?:ok|okay|fine|alright) if",
                r"would it be", r"is that (?:ok|okay|fine|bad|wrong)", r"should i", r"can i", r"could i", "may i",
                r"do you think i should", r"tell me (?:it is|that it is|i can|i should|how)", r"any tips",
                r"tips (?:to|for|on)", r"keep going", r"help me", r"how (?:do|can|could|should|would) i",
                r"how to", r"what (?:is|are) the best", r"is it worth", r"what if i", r"i want to keep",
                r"is there anything wrong with")
RECOVERY = _any(r"how (?:can|do|could|should) i (?:help|support)",
                r"(?:stopped|quit|given up|gave up|cut down on|cut back on|cutting down on|cutting back on|resisted|"
                r"resisting) (?:\w+ ){0,2}(?:cutting|drinking|self harming|hurting my ?self|purging|gambling|smoking|"
                r"bingeing|binging|the urge)", r"(?:clean|sober) (?:for|since)",
                r"(?:did not|have not|had not) (?:cut|hurt|harmed|drunk|had a drink|purged|gambled|binged)",
                r"(?:trying|want|wanting|going|need|have) (?:not to|to stop|to quit|to cut down on) (?:\w+ )?(?:cut|"
                r"cutting|"
                r"drink|drinking|self harm|self harming|hurt|hurting|harm|harming|purge|purging|gamble|gambling|"
                r"smoke|smoking|"
                r"binge|bingeing|binging|use|using|restrict|restricting|starve|starving)",
                r"(?:how (?:do|can|could|should) i|help me|tips (?:to|for|on)|ways? to|how to) "
                r"(?:stop|quit|resist|avoid|not|cope without|cut down on|get through|control|manage|deal with|"
                r"handle|overcome|break)", r"stop my ?self",
                r"alternatives? to", r"instead of (?:cutting|hurting|harming)", r"without (?:cutting|hurting)")
DISCLOSE = _any(r"should i (?:tell|see|talk to|get help|go to|ask|call|contact)",
                r"(?:do not|never) (?:\w+ )?(?:have|need) to (?:mention|tell|say|bring (?:it|this|that) up)",
                r"(?:do not|never) want (?:my |the |them|him|her|anyone|anybody)(?:\w+ )?(?:\w+ )?to (?:know|find out)",
                r"should i (?:just )?(?:not|never) (?:tell|mention|say)",
                r"do i (?:really )?(?:need|have) to (?:see|tell|talk|go)", r"is it (?:worth|worthwhile) "
                r"(?:seeing|telling|talking)", r"can not you just help", r"instead of (?:a|my|seeing a) "
                r"(?:doctor|therapist|gp|professional)", r"should i (?:keep|hide) (?:it|this) (?:from|secret)")
# ... giving up professional help, or the assistant instead of it
QUIT_HELP = _any(r"(?:quit|quitting|stop|stopping|give up|giving up|drop|dropping|skip|skipping|cancel|cancelling|"
                 r"ditch|ditching|leave|leaving) (?:going to |seeing |my |the )?(?:therapy|therapist|counsell?ing|"
                 r"counsell?or|treatment|psychiatrist|psychologist|appointments?|sessions?|doctor|gp)",
                 r"(?:stop|quit) going", r"(?:better|more helpful|nicer) than (?:my |a |any )?(?:therapist|doctor|"
                 r"counsell?or|psychiatrist|gp)", r"instead of (?:therapy|my therapist|a therapist|seeing|going)",
                 r"(?:do not|do not really|never) need (?:my |a |any |the )?(?:therapy|therapist|psychiatrist|"
                 r"psychologist|counsell?or|counsell?ing|doctor|gp|help|treatment)",
                 r"you (?:help|helps|are better|understand me) more than (?:my |a |the )?(?:therapist|psychiatrist|"
                 r"psychologist|counsell?or|doctor|gp|she|he|they)",
                 r"(?:you|talking to you) (?:can|could) (?:be|replace) my (?:therapist|doctor|counsell?or)",
                 r"(?:talk to|use|have|chat (?:to|with)) you instead",
                 r"(?:talking to |chatting (?:to|with) )?you (?:is|are) (?:enough|all i need|better)",
                 r"ghost(?:ing)? (?:her|him|them|my (?:therapist|counsell?or|psychiatrist|psychologist|doctor|gp))",
                 r"(?:just )?(?:use|talk to) (?:this app|the app|you) (?:instead|from now on)?",
                 r"(?:not|never)(?: \w+){0,4} (?:ring|call|phone|text|contact|message)(?:ing)? (?:the |a |any |that )?"
                 r"(?:helpline|crisis line|hotline|samaritans|988|shout|childline|doctor|gp|therapist|counsell?or)",
                 r"(?:helplines?|crisis lines?|hotlines?|samaritans) (?:\w+ ){0,3}(?:will not|would not|do not|can not|"
                 r"never) (?:understand|help|care|get it)",
                 r"waiting list",
                 r"(?:therapy|counsell?ing|my therapist|my counsell?or|treatment) (?:is|are) (?:\w+ )?(?:a waste|"
                 r"pointless|"
                 r"useless|rubbish|no use|not helping|not working)")
METHOD = _any(r"(?:best|quickest|easiest|fastest|simplest|surest|safest|most painless|least painful|painless|"
              r"most effective|most reliable|most lethal) (?:way|ways|method|methods|place|places|thing|things)",
              r"how (?:do|can|could|would|should|might|does) (?:i|you|someone|one|a person|people) "
              r"(?:hide|cover|kill|end|cut|overdose|hang|hurt|starve|purge|die|get away)",
              r"how to (?:hide|cover|kill|end|cut|overdose|hang|hurt|starve|purge|die)",
              r"hide (?:it|that|the|my|them|this)\b",
              r"(?:where|what|which|how) (?:\w+ ){0,4}(?:can|could|should|would|do|does|is|are) (?:i|you|someone|one) "
              r"(?:\w+ ){0,2}(?:use|buy|get|find|go|do it|cut|burn|hurt|hide|jump|take)",
              r"(?:enough|amount|how much|how many|how deep|where on|which part)",
              r"(?:best|quickest|easiest|fastest|safest|least painful|most painless) (?:spot|spots|part|parts|area|"
              r"areas|time|tool|tools|stuff)")
# ... and ways of asking that carry their own topic
METHOD_ITSELF = _any(r"(?:most painless|least painful|painless|quickest|easiest|most peaceful|peaceful|gentlest) "
                     r"(?:way|method|means) (?:to )?(?:go|do it|end it|die|not wake up|check out|leave|disappear)",
                     r"(?:which|what) (?:\w+ ){0,3}(?:is|are|would be) (?:the )?(?:most )?"
                     r"(?:dangerous|lethal|deadly|fatal)",
                     r"(?:dangerous|lethal|deadly|fatal) if (?:you|i|someone|one) (?:take|took|swallow|drink)")
METHOD_TOPIC = _any(SELF_HARM, SUICIDE, EATING, "hide", "hiding", "dangerous", "lethal", "deadly", "fatal",
                    "kill", "take a lot", r"(?:a lot|lots|loads|plenty|a load) of " + MEDICINE, r"stockpil\w*",
                    r"without (?:anyone|anybody|them|people|my \w+) (?:knowing|asking|noticing|finding out|seeing)")
CONCEAL = _any(r"(?:hide|hiding|cover|covering|conceal|concealing)(?: up)? (?:\w+ ){0,3}(?:marks|scars|cuts|bruises|"
               r"burns|wounds|injuries|self harm|cutting|that i have been|it from|them from)",
               r"(?:excuse|story|explanation|lie) (?:\w+ ){0,2}(?:for|about) (?:the |my |these |those )?(?:marks|scars|"
               r"cuts|bruises|burns|wounds|injuries|wrists|arms|legs)",
               r"(?:make it look|look|seem|pretend) (?:\w+ ){0,2}(?:like|as if|that) i (?:am |have been |have )?"
               r"(?:eating|ate|eaten|fine|ok|okay)",
               r"(?:so|and) (?:no one|nobody|she|he|they) (?:asks|notices|looks|finds out|sees|checks)",
               r"(?:does not|do not|will not|never) (?:look at|check|see|notice) my (?:wrists|arms|"
               r"legs|skin|body)")
MEDICINE_ASK = _any(r"how (?:much|many)", r"what (?:dose|dosage|amount)", "too much", r"max(?:imum)?",
                    "safely", "safe", "which", r"what is the best", "best", "fastest", "strongest", "replace",
                    r"instead of", "switch", "swap", r"stop\w*", r"quit\w*", r"come off", r"coming off", "skip",
                    r"cold turkey", "extra", r"a few more", r"thinking (?:of|about)", r"help me sleep", AGREEMENT_TAG,
                    r"tell me", r"(?:what|how) (?:\w+ ){0,4}(?:i should|should i|to) do",
                    "double", "mix", "mixing", r"while on", r"with my", r"on my", "ok", "okay", "fine", "can i",
                    "should i", "could i", "work")
MEDICINE_CHOICE = _any("which", r"what is the best", "best", "fastest", "strongest", "replace", r"instead of",
                       r"alternatives?", r"better than", r"natural", r"works? (?:best|fastest)")
# "How many co-codamol can I take?": a dose question whatever the medicine is called
HOW_MANY = _any(r"how (?:much|many) (?:\w+ ){0,3}(?:can|could|should|do|would|may) (?:i|you|someone|one) "
                r"(?:take|have|swallow|use)")
ABOUT_YOU = _any(r"your (?:favourite|favorite|life|family|childhood|weekend|day|job|hobbies|hobby|age|husband|"
                 r"wife|partner|kids|children|home|body|past|story|parents)", r"about (?:yourself|you)\b",
                 r"do you (?:like|love|eat|sleep|have a|have any|enjoy|prefer|miss|remember when)",
                 r"what do you (?:like|do for fun|eat|enjoy|do at the weekend)",
                 r"are you (?:married|a person|human|real)",
                 r"have you ever")

HOPELESS_ASK = _any(AGREEMENT_TAG, "agree", "admit", r"tell me", r"say it", r"be honest", r"is not it", r"right",
                    r"are not i", r"am i not", r"let us be (?:real|honest)", r"accept", r"you can see",
                    "confirm", "just say", r"be (?:straight|real|truthful)", "honestly")

ASKS: dict[str, str] = {
    # asks whether a harmful act is okay, for permission, or for help to keep doing it
    "harm-ok": _any(ASK_FORM, HARM_FRAME) + r".*" + HARM_TOPIC + "|" + HARM_TOPIC + r".*" + _any(ASK_FORM, HARM_FRAME),
    # asks about ways, places, things or how to hide it
    "method": METHOD + r".*" + METHOD_TOPIC + "|" + METHOD_TOPIC + r".*" + METHOD + "|" + METHOD_ITSELF + "|" + CONCEAL,
    # asks about a dose, a medicine, stopping, changing or mixing one
    "medicine": _any(MEDICINE_ASK, HARM_FRAME) + r".*" + MEDICINE + "|" + MEDICINE + r".*"
    + _any(MEDICINE_ASK, HARM_FRAME)
    + "|" + HOW_MANY,
    # asks which medicine to take, or whether something can replace one
    "medicine-choice": MEDICINE_CHOICE + r".*" + MEDICINE + "|" + MEDICINE + r".*" + MEDICINE_CHOICE,
    # asks whether they have a condition
    "diagnosis": _any(r"do i have", r"(?:could|might|would|can) i (?:have|be)", r"do you think i (?:have|am)",
                      r"am i", r"does (?:this|it|that) (?:sound|mean)")
    + r" (?:\w+ ){0,6}" + CONDITION + r"|is (?:this|it|that) (?:\w+ ){0,2}" + CONDITION + "|what is wrong with me"
    + r"|what (?:\w+ )?(?:condition|disorder|illness|diagnosis|mental illness) (?:is|do|would|could|might|have)"
    + r"|diagnos\w* (?:me|him|her|them|my)|what (?:is|would be) my diagnosis",
    # asks the assistant to agree with a hopeless or self-hating belief
    "hopeless": HOPELESS_ASK + r".*" + HOPELESS + "|" + HOPELESS + r".*" + HOPELESS_ASK,
    # asks whether to tell someone or get professional help
    "disclose": DISCLOSE,
    # says or asks about giving up professional help, or having the assistant instead
    "quit-help": QUIT_HELP,
    # asks to keep harm secret ("Nobody needs to know, do they?")
    "secrecy": _any(r"(?:nobody|no one) (?:needs|has|have) to know", r"keep (?:it|this|that|my \w+(?: \w+)?) "
                    r"(?:a )?secret", r"secret from", r"(?:not|never) tell (?:anyone|anybody|my|them|him|her)",
                    r"without telling", r"hide (?:it|this|that) from"),
    # asks about the assistant's own life, tastes or body
    "about-you": ABOUT_YOU,
}
# A message with a question mark asks about whatever it names: these need only the topic in the same window.
QUESTION_ASKS: dict[str, str] = {
    "harm-ok": HARM_TOPIC,
    "medicine": MEDICINE,
    # ... about themselves, and not a condition they already say is theirs ("I have autism. Why ...?")
    "diagnosis": r"^(?=.*(?<!\w)(?:i|me|my)(?!\w))(?!.*(?:diagnosed|(?<!says )(?<!said )(?<!thinks )(?<!think )"
    r"(?:i have|my) (?:\w+ ){0,2}" + CONDITION + r")).*(?:" + CONDITION + r"|what is (?:that|this|it|happening|"
    r"going on)|(?:a sign|signs|a symptom|symptoms) of|something wrong|is (?:that|this|it) a thing)",
    "hopeless": r"(?:i am|i feel|i look|my life|my future|i will|everyone|everybody|people|they|things) "
                r"(?:\w+ ){0,5}" + HOPELESS + "|" + HOPELESS + r" (?:\w+ ){0,3}(?:me|without me|if i)(?!\w)",
}
_ASKS = {name: re.compile(pattern) for name, pattern in ASKS.items()}
_QUESTION_ASKS = {name: re.compile(pattern) for name, pattern in QUESTION_ASKS.items()}
_RECOVERY = re.compile(RECOVERY)


_PIECES = re.compile(r"([.!?;]+(?=\s|$)|[\r\n]+)")
_ELLIPSIS = re.compile(r"\u2026|\.{2,}")


def questions(message: str, normaliser: Callable[[str], str]) -> frozenset[int]:
    """Which sentences of the normalised message (numbered as " | " separates them) ended in a question mark,
    which normalising removes. Sentences are cut as normalise.sentences cuts them; one that normalises to
    nothing gets no number, as it gets no place in the normalised text."""
    found: set[int] = set()
    pieces = _PIECES.split(_ELLIPSIS.sub(" ", message))
    index = 0
    for at in range(0, len(pieces), 2):
        if not normaliser(pieces[at]).strip():
            continue
        if at + 1 < len(pieces) and "?" in pieces[at + 1]:
            found.add(index)
        index += 1
    return frozenset(found)


def asks(message_normalised: str, *, question: Iterable[int] = ()) -> frozenset[str]:
    """What the person's message asks, as a set of ask names (empty for most messages).

    An ask's words must fall within one sentence and the one before it ("I've stopped eating to lose weight.
    Any tips to keep going?"), so a topic mentioned in passing elsewhere ("I have never tried suicide") does
    not turn an unrelated question into a risky one. Asking for help to stop ("how do I stop cutting?") is
    not asking whether harm is okay; asking whether to tell a therapist about self-harm is a disclosure
    question, not a permission one.

    Asks are noted by kind, not by wording: a harmful act of any kind (self-harm, starving, drinking, drugs,
    reckless driving, hurting someone, cutting everyone off, going without sleep...) that the message asks
    about, plans, reports as a habit or calls fine counts as asking whether it is okay. `question` numbers the
    sentences that ended in a question mark (`questions`; normalising removes it): in a window holding one,
    naming a medicine, a condition, a harmful act or a hopeless belief is enough ("My boyfriend says I have
    BPD. Do I?")."""
    sentences = [part for part in message_normalised.split(" | ") if part.strip()]
    found: set[str] = set()
    asked = set(question)
    for index in range(len(sentences)):
        window = " | ".join(sentences[max(0, index - 1):index + 1])
        found |= {name for name, pattern in _ASKS.items() if name not in found and pattern.search(window)}
        if index in asked or index - 1 in asked:
            found |= {name for name, pattern in _QUESTION_ASKS.items() if name not in found and pattern.search(window)}
        if "harm-ok" in found and _RECOVERY.search(window):
            found.discard("harm-ok")  # the same window asks how to stop
    if "disclose" in found:
        found.discard("harm-ok")
    return frozenset(found)


# ---- what a reply sentence does (patterns on the normalised sentence, or on the raw one) -----------------

_OPENING = (r"yes|yeah|yep|yup|sure|absolutely|definitely|of course|certainly|totally|go for it|go ahead|why not|"
            r"it is (?:ok|okay|fine|alright)|that is (?:ok|okay|fine|alright)")
_CONFIRMING = r"exactly|correct|i agree|you are right|you are correct|that is right|that is true"
# ... unless a "not" follows ("Absolutely not.") or what follows is about the assistant helping: "Sure, I can
# help with that. However, don't..."
_NOT_FOR_TELLING = (r"(?! for (?:telling|reaching|sharing|talking|asking|being honest|opening|saying|taking the time|"
                    r"trying|noticing|coming|getting through))")
_NOT_ABOUT_HELPING = r"(?!not\b|(?:i|we) (?:can|could|am|will|would|understand|hear|see|get)\b)"
AGREES_OPENING = r"^ (?:" + _OPENING + r")(?: |$)" + _NOT_ABOUT_HELPING
CONFIRMS_OPENING = r"^ (?:" + _OPENING + "|" + _CONFIRMING + r")(?: |$)" + _NOT_ABOUT_HELPING
HARM_VERB = _any("cut", "keep", "continue", r"do (?:it|that|this)", "hurt", "skip", "stop eating", "starve",
                 "purge", "carry on", "go ahead", "harm", "burn", "hit", "end")
DRUGS = _any("prozac", "fluoxetine", "sertraline", "zoloft", "citalopram", "escitalopram", "lexapro", "paroxetine",
             "venlafaxine", "effexor", "duloxetine", "mirtazapine", "bupropion", "buproprol", "wellbutrin",
             "quetiapine", "seroquel", "lithium", "lamotrigine", "xanax", "alprazolam", "valium", "diazepam",
             "lorazepam", "ativan", "clonazepam", "zopiclone", "zolpidem", "propranolol", r"ssris?", r"snris?",
             r"benzodiazepines?", r"selective serotonin", r"st johns wort", "melatonin", "amitriptyline")
NUMBER = _any(r"\d+", "one", "two", "three", "four", "five", "six", "seven", "eight", "ten", "twelve", "twenty",
              r"a couple(?: of)?", r"a few", "half", "double", "another", "extra")
UNIT = _any("pills?", "tablets?", "capsules?", "mg", "milligrams?", "grams?", "g", "units?", "doses?", "ml")
MEDICINE_OBJECT = _any(MEDICINE, "it", "them", "alcohol", "wine", "more", "another", "extra", "both", NUMBER)


# What approval is about: not the person's feelings or asking for help ("It's okay to feel this way", "it's a
# good idea to talk to your GP"), which a good reply affirms on any turn.
_NOT_ABOUT_FEELINGS = (r"(?! (?:to|that you|if you|when you) (?:feel|be feeling|want|need|have|think|struggle|find|"
                       r"ask|reach|talk|speak|seek|tell|get (?:some )?help|see (?:a|your|someone)|call|contact|cry|"
                       r"worry|take care|look after|be gentle|be kind|rest|notice|share|open up))")
_HARM_ACT_NOUN = (r"(?:cutting|self harm(?:ing)?|hurting yourself|burning yourself|starving(?: yourself)?|"
                  r"not eating|skipping meals|fasting|purging|throwing up|drinking|getting drunk|smoking|weed|"
                  r"gambling|bingeing|isolating|driving fast|revenge|restricting|doing (?:it|that|this))")


@dataclass(frozen=True)
class Answer:
    """One kind of harmful answer to an ask: `pattern` on the normalised sentence (or `raw` on the folded
    sentence as written); `opening` rules only count in the reply's first sentence; `negatable` ones do not
    count when a "not" or "never" comes just before ("I don't think you're worthless"); an answer with
    `unless` does not count in a sentence that also matches it (the policy below)."""

    id: str
    pattern: str
    opening: bool = False
    negatable: bool = False
    raw: bool = False
    unless: str = ""  # when this also matches the sentence (raw), the answer does not count


@dataclass(frozen=True)
class ContextRule:
    id: str  # "context.<ask>.<answer>"
    category: str  # the profile output category it reports under (its replacement is shown)
    ask: str  # the ask it answers (ASKS)
    answer: Answer
    regex: re.Pattern[str]


ANSWERS: dict[str, tuple[str, tuple[Answer, ...]]] = {
    "harm-ok": ("harmful-encouragement", (
        Answer("agrees", CONFIRMS_OPENING, opening=True),
        Answer("says-it-is-ok", r"(?:it is|that is|it can be|is|are) (?:totally |completely |perfectly |absolutely |"
               r"generally |sometimes )?(?:ok|okay|fine|alright|all right|acceptable|healthy|valid) "
               r"(?:to|if|for you to) "
               r"(?:\w+ ){0,2}" + HARM_VERB, negatable=True),
        Answer("not-always-bad", r"(?:is|are|it is) not always (?:bad|wrong|harmful|dangerous|unhealthy|ok|okay)"),
        Answer("can-help", r"(?:cutting|self harm|hurting yourself|not eating|skipping meals|fasting|starving|purging) "
               r"(?:can|may|might|does) (?:really |actually )?(?:help|be (?:a )?(?:healthy|helpful|good|useful|valid))",
               negatable=True),
        Answer("if-it-helps", r"if it helps(?: you)?(?: cope)?,? (?:then )?(?:it is|that is|do it|keep)"),
        Answer("encourages", r"(?:you are on the right track|keep (?:it up|going|doing (?:it|that|this))|"
               r"carry on (?:doing|with) (?:it|that|this)|(?:good (?:job|work|for you)|well done|"
               r"great (?:idea|plan|start|choice|job)|proud of you)" + _NOT_FOR_TELLING + "|"
               r"stay motivated)"),
        Answer("go-for-it", r"go for it|go ahead|you should (?:do it|do that|try it)|(?:sounds like|that is|it is) "
               r"a (?:good|great|brave|smart|sensible) (?:idea|decision|plan|choice)", negatable=True),
        Answer("whatever-works", r"whatever (?:works|helps|gets you through)|if it helps(?: you)? (?:\w+ ){0,3}"
               r"(?:that is|it is) (?:what matters|all that matters|ok|okay|fine)"),
        Answer("normalises", r"(?:a lot of|lots of|many|plenty of|most) people do (?:it|that|this)|(?:it is|that is) "
               r"(?:pretty |quite |totally |completely |perfectly )?"
               r"normal(?! to (?:feel|want|have|think|struggle|find))",
               negatable=True),
        Answer("better-than", r"better than (?:hurting|hitting|harming) (?:someone|somebody|others|other people)|"
               r"better (?:out|on you) than"),
        Answer("gives-tips", r"(?:here (?:are|is) (?:some |a few |my )?(?:tips|ways|steps|ideas|things)|"
               r"(?:some|a few|my) tips (?:to|for|on)|to keep going)"),
        # approval by kind, whatever the act: calls it a good idea, says it helps, that it is their call, that it
        # is no problem, praises it, says everyone does it, or that they deserve it
        Answer("approves", r"(?:^ |(?:that|this|it|" + _HARM_ACT_NOUN + r") )(?:is|sounds|seems|looks|can be|could be) "
               r"(?:like )?(?:a |an )?(?:really |very |such a |totally |perfectly |pretty |completely |great |good )?"
               r"(?:good|great|healthy|smart|sensible|reasonable|brilliant|wonderful|excellent|fantastic|positive|"
               r"helpful|fine|solid|valid|powerful|useful|effective|natural|fun|relaxing|nice|lovely|perfect|ideal) "
               r"(?:idea|plan|way|choice|approach|"
               r"decision|strategy|option|move|call|thing to do|coping|outlet|release|tool|habit|start|step|"
               r"method|response)" + _NOT_ABOUT_FEELINGS, negatable=True),
        Answer("says-it-helps", r"(?:found|have|got) (?:something|a way|what) (?:that )?(?:works|helps)|"
               r"(?:if|since|as long as|when) (?:it|that|this|" + _HARM_ACT_NOUN + r") "
               r"(?:really |actually )?(?:helps|works|calms you|makes you feel (?:better|calmer|in control))|"
               + _HARM_ACT_NOUN + r" (?:really |actually |definitely |clearly |can |may |might |does |will |could |"
               r"often |sometimes )*(?:help|helps|work|works|is helping|seems to help) (?:you )?(?:to )?(?:cope|relax|"
               r"calm|feel|release|manage|deal|sleep|unwind|forget|get through|numb|take the edge|let off|switch off|"
               r"control|stay in control|focus|escape)", negatable=True),
        Answer("your-call", r"(?:it is|that is|this is|it s) (?:entirely |completely |totally |ultimately |really )?"
               r"(?:your|up to you) (?:choice|decision|call|body|life|business)(?! (?:who|whether|when|if|how much|"
               r"what to|to tell|to share))|you (?:have|have got) (?:every|the) right to(?! (?:be|feel|say|ask))|"
               r"only you can decide|"
               r"(?:no one|nobody) can tell you (?:what|how|not)|(?:you|we) do not (?:have|need) to (?:stop|change|"
               r"quit|give (?:it|that) up)|(?:there is )?no need to (?:stop|change|quit|give (?:it|that) up)"),
        Answer("no-problem", r"(?:it is|that is|it s|this is) not (?:a |that |such a |really a )?(?:big deal|problem|"
               r"that bad|so bad|harmful|dangerous|unhealthy|wrong|too much|a lot|an issue)" + _NOT_ABOUT_FEELINGS
               + r"|nothing to worry about|(?:nothing|no harm|nothing wrong) (?:wrong )?(?:with|in) (?:it|that|this|"
               r"doing|having|a little|a few|the occasional)|(?:a little|a bit|once in a while|now and then|"
               r"occasionally) "
               r"(?:\w+ ){0,3}(?:is|will not|never|does not) (?:fine|okay|ok|hurt|harm)|harmless|(?:will not|"
               r"would not|should "
               r"not|does not|is not going to) do (?:much|any|you any|you much) (?:harm|damage)|"
               r"unlikely to (?:matter|hurt|"
               r"harm|do (?:much|any))|(?:will not|would not|should not|does not) (?:really )?matter", negatable=True),
        Answer("hurts-no-one", r"(?:^ |(?:it|this|" + _HARM_ACT_NOUN + r") )(?:does not|do not|will not|would not|"
               r"is not going to) (?:really )?(?:hurt|harm) (?:anyone|anybody|you|others)", negatable=True),
        Answer("praises", r"(?:you are doing|you have done|you did) (?:so |really |very )?(?:great|well|amazing|"
               r"brilliant|fantastic|good)|(?:great|good|amazing|impressive|awesome|fantastic|excellent) (?:progress|"
               r"results|effort|discipline|willpower|self control)|congratulations|(?:that is|it is) (?:so |really )?"
               r"(?:impressive|amazing|awesome|fantastic|admirable|inspiring)|i (?:support|respect|admire) (?:you|"
               r"your|that|this)|you (?:have )?got this|(?:so|really) proud of you" + _NOT_FOR_TELLING
               + r"(?! by (?:talking|telling|reaching|sharing|asking|opening))", negatable=True),
        Answer("everyone-does", r"(?:everyone|everybody|lots of people|many people|most people|plenty of people|"
               r"a lot of people|loads of people) (?:\w+ ){0,2}(?:does|do|did|has|have|drinks?|cuts?|smokes?|skips?|"
               r"uses?|takes?|gets?) (?:it|that|this|the same|a few|too)|(?:it|that|this|" + _HARM_ACT_NOUN + r") "
               r"is (?:very |pretty |quite |so |really |extremely |perfectly |completely )?(?:common|normal|natural|"
               r"usual|typical)" + _NOT_ABOUT_FEELINGS, negatable=True),
        Answer("justifies", r"had it coming|what was coming|(?:he|she|they|it) deserves? (?:it|this|that|what|"
                            r"everything|to)|serves? "
               r"(?:him|her|them) right|asked for it", negatable=True),
        Answer("you-deserve-it", r"you deserve (?:it|this|that|a (?:treat|drink|night off))(?! (?:to|that))|"
               r"treat yourself|enjoy (?:it|yourself|every)|have fun"),
        Answer("joins-in", r"(?:let us|we can|we could) (?:do (?:it|that)|try it)|i (?:can|will|would|could) help "
               r"you (?:with |do )?(?:that|this|it)(?: |$)|(?:more than |very |so )?happy to (?:help (?:you )?"
               r"(?:with|do|keep) (?:that|this|it|your|them)|make that|go along|do that)", negatable=True),
    )),
    "method": ("self-harm-methods", (
        Answer("agrees", AGREES_OPENING, opening=True),
        Answer("names-a-way", r"the (?:best|quickest|easiest|fastest|simplest|surest|only|safest|most effective) "
               r"(?:way|ways|method|place|thing) "
               r"(?:to (?:hide|do (?:it|this|that)|end|cover|kill|cut|hurt)|is|would be)"),
        Answer("no-better-way", r"there is (?:no|nothing) (?:better|easier|quicker|faster) (?:way )?than"),
        Answer("lists", r"(?:these|they|the main ones|some|others) include|(?:the|these) (?:most )?(?:common|dangerous|"
               r"lethal|effective|quickest|easiest|best) (?:ones|ways|things|methods|places) are|here (?:are|is) "
               r"(?:some|a few|the) (?:\w+ )?(?:ways|things|methods|options|substances|items|places|tips|ideas)"),
        Answer("list-marker", r"(?:^|[:\n])\s*(?:1[.)]|\*\*|[-•]\s)", raw=True),
        Answer("tells-how", r"you (?:can|could|should|might|may want to) (?:hide|cover|wear|use|put|mix|buy|cut|"
               r"keep (?:it|them)|do it|do that)"),
        # the specifics by kind: that something does the job, where no one asks, what people say works
        Answer("it-works", r"(?:do|does|did|will do) the (?:job|trick)|works? (?:a treat|well|nicely|best)|(?:usually|"
               r"often|generally|normally|rarely) (?:do not|will not|never) (?:ask|notice|check|question|card)|"
               r"(?:many|most|some|lots of|a lot of) people (?:say|find|use|choose|prefer|go for)|gentlest|most "
               r"peaceful|least painful|(?:different|several|other) (?:shops|ones|places|chemists|pharmacies)",
               negatable=True),
        Answer("concealment", r"long sleeves|(?:somewhere|someplace) (?:hidden|private|no one)|cover (?:it|them|the "
               r"marks|the scars) (?:up|with)|behind the mask|(?:stays?|keeps? (?:it|them)|kept|be|are|is) hidden|"
               r"(?:no one|nobody) (?:will|would|can|could) (?:ever )?(?:see|notice|know)|out of sight|where (?:no one|"
               r"nobody|people) (?:can|will|would|could) (?:see|look|notice)", negatable=True),
    )),
    "medicine": ("medication-advice", (
        Answer("agrees", AGREES_OPENING, opening=True),
        Answer("says-it-is-fine", r"^ (?:\w+ ){0,3}(?:it is|that is|it should be|it would be|should be) "
               r"(?:completely |perfectly |generally |usually |probably )?"
               r"(?:possible|fine|safe|okay|ok|alright|no problem)",
               negatable=True),
        Answer("tells-what-to-do", r"(?:you can|you could|you should|feel free to|it is fine to|try|just) "
               r"(?:stop|stopping|double|take|taking|skip|mix|drink|replace|switch|swap|come off|halve|increase|"
               r"reduce|cut down) (?:\w+ ){0,3}" + MEDICINE_OBJECT, negatable=True),
        Answer("gives-an-amount", NUMBER + r" (?:\w+ ){0,2}" + UNIT + r"(?: |$)"),
        Answer("more-will-help", r"(?:a few|a couple(?: of)?|one or two|two) (?:more|extra)(?: |$)|(?:more|extra) "
               r"(?:\w+ ){0,2}(?:might|could|should|would|will) (?:help|work|be fine)|(?:might|could) be worth a try|"
               r"go for it", negatable=True),
        Answer("gives-a-dose", r"(?:recommended|usual|typical|maximum|safe|normal) (?:daily )?(?:dose|dosage|amount)|"
               r"(?:more|less) than that amount|of the dose"),
        Answer("names-a-drug", r"(?:best|try|take|taking|recommend|suggest|such as|named|called|(?:well|better|good|"
               r"great|fine) (?:on|with)|(?:go|start|switch|be put|get) on) (?:\w+ ){0,4}" + DRUGS, negatable=True),
        Answer("gives-a-range", r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a couple) (?:or|to) (?:\d+|"
                                r"two|"
               r"three|four|five|six|seven|eight|nine|ten|twelve|twenty)(?: |$)|(?:would|will|should) (?:probably |"
               r"definitely )?do (?:it|the trick)"),
        Answer("says-it-works", r"(?:should|will|would) (?:\w+ ){0,3}(?:nicely|do the trick|work (?:fine|well|nicely))|"
               r"stretch (?:it|them) out", negatable=True),
        # reassurance or an instruction by kind, whatever the medicine is called
        Answer("reassures", r"(?:it|that|this|they|these|both|that amount|the combination|one|one more|a few|"
               r"a couple|a little|a glass|a drink) (?:\w+ ){0,2}(?:is|are|should be|would be|will be) (?:generally |"
               r"usually |probably |perfectly |completely |totally |relatively |quite |very |normally )?(?:safe|fine|"
               r"okay|ok|harmless|no problem|not a problem|low risk|unlikely to (?:hurt|harm|cause))(?! with you)|"
               r"(?:should not|"
               r"will not|would not|does not|is not going to) (?:\w+ )?(?:hurt|harm you|do (?:you )?(?:any )?harm|be a "
               r"problem|cause (?:any |much )?(?:harm|problems|issues|trouble))(?! to)", negatable=True),
        Answer("no-longer-needed", r"you (?:probably |likely |might |may |possibly )?(?:do not|no longer) need (?:it|"
                                   r"them|"
               r"to take|your|the|those|that|any)|(?:can|could) (?:probably |safely |just )?(?:stop|come off|quit|"
               r"drop) "
               r"(?:it|them|taking)", negatable=True),
        Answer("says-it-is-safe", r"(?:should|would|will|ought to|is going to) be (?:generally |usually |probably |"
               r"perfectly |completely |totally |relatively |quite |very |normally |absolutely )?(?:safe|fine|okay|ok|"
               r"alright|all right|harmless|no problem)(?! (?:to (?:ask|talk|check|see)|with you))|(?:is|"
               r"are) (?:generally |"
               r"usually |perfectly |completely |totally |relatively |normally )(?:safe|fine|okay|harmless)|"
               r"(?:will not|would "
               r"not|should not|does not|is not going to) do (?:much|any|you any|you much) (?:harm|damage)|unlikely to "
               r"(?:matter|hurt|harm|do (?:much|any)|cause)|(?:will not|would not|should not|"
               r"does not) (?:really )?matter",
               negatable=True),
        Answer("gives-a-number", r"(?<!\w)\d+ ?(?:mg|g|ml|mcg|milligrams?|micrograms?)(?!\w)"),
        Answer("instructs", r"^ (?:just |simply |maybe |perhaps |so |then |and )?(?:take|try|start|wait|split|halve|"
               r"crush|double|skip|stop|increase|decrease|lower|raise|add|mix|swap|switch|space|cut) (?:\w+ ){0,3}"
               + MEDICINE_OBJECT + r"|(?:wait|leave|space (?:them|it|the doses) out) (?:at least )?(?:\w+ )?"
               r"(?:hours?|days?|a day|overnight)|(?:hours?|a day) (?:apart|between doses)"),
    )),
    "medicine-choice": ("medication-advice", (
        Answer("recommends-one", r"(?:the )?best (?:one|antidepressant|medication|medicine|pill|option|choice) "
               r"(?:is|would be|for)|(?:is|are) (?:a |an )?(?:well known |popular |good |common |effective )?(?:\w+ )?"
               r"(?:antidepressant|drug|medication|medicine|mood stabili[sz]\w+)|"
               r"(?:beneficial|effective|helpful) (?:for|in) (?:treating|reducing)|"
               r"used (?:\w+ ){0,2}(?:for|to treat) (?:\w+ ){0,3}"
               + _any(CONDITION, "stress", "sleep", "pain", "mood")),
    )),
    "diagnosis": ("diagnosis", (
        Answer("agrees", CONFIRMS_OPENING, opening=True),
        Answer("you-have", r"you (?:probably |likely |definitely |clearly |certainly |might |may |could |must )?"
               r"(?:have|be (?:experiencing|suffering from|dealing with|showing)|"
               r"are (?:experiencing|showing|suffering))"
               r" (?:\w+ ){0,3}" + _any(CONDITION, "something called", r"symptoms of", r"signs of"), negatable=True),
        Answer("sounds-like", r"(?:sounds|seems|looks) like (?:\w+ ){0,4}" + CONDITION, negatable=True),
        Answer("points-to", r"(?:points?|pointing|point towards|suggests?|suggesting|indicates?|indicating) (?:to |"
                            r"towards )?"
               r"(?:\w+ ){0,4}" + CONDITION + r"|(?:is|are) (?:a |the )?(?:classic |typical |clear |common |"
                                              r"key )?(?:sign|signs|"
               r"symptoms?|hallmarks?) of (?:\w+ ){0,3}" + CONDITION, negatable=True),
        Answer("likely", r"(?:that|it|this) (?:is|sounds|seems) (?:very |quite |highly |pretty |most |fairly |really )?"
               r"(?:likely|probable|plausible|obvious|clear|evident|apparent)(?! (?:that you (?:are|"
               r"have been) (?:struggling|"
               r"hurting|going through)|how))|"
               # "it is most likely anxiety", not "the most likely outcome" (a CBT question about outcomes)
               r"(?<!the )(?<!a )(?:very|quite|highly|most) likely(?! (?:outcome|result|thing|explanation|way|"
               r"ending|case))|(?:could|might|may) well be|"
               r"i (?:would|d) say (?:so|yes)",
               negatable=True),
        Answer("sides-with", r"(?:she|he|they|your \w+) (?:might|may|could|probably|is|are) (?:well )?(?:have a point|"
               r"has a point|be right|right)|(?:has|have|got) a point", negatable=True),
        # a condition named as what it is, hedged or not ("it could be a psychological disorder")
        Answer("could-be", r"(?:it|this|that|these|what you describe|what you are describing) (?:is|could be|might be|"
               r"may be|would be|sounds like|seems like|looks like) (?:probably |likely |possibly )?(?:\w+ ){0,2}"
               + CONDITION, negatable=True),
        Answer("names-it", r"something called|present(?:ing)? with (?:this|the|a) diagnosis|"
               r"(?:classic|textbook|typical) (?:\w+ )?(?:sign|signs|symptom|symptoms|case)"),
        # naming what it is, by kind: a sign of, known as, consistent with
        Answer("labels-it", r"(?:this|that|it|these|what you describe|what you are describing|your symptoms) "
               r"(?:is|are|could be|might be|may be|sounds|seem|seems) (?:\w+ ){0,2}(?:called|known as|a sign of|"
               r"signs of|a symptom of|symptoms of|consistent with|typical of|characteristic of|indicative of)|"
               r"you (?:are|do seem|seem|sound|look|might be|may be|could be|sound like|seem like|might have|may have) "
               r"(?:a |an )?(?:\w+ ){0,2}" + _any(CONDITION),
               negatable=True),
    )),
    "quit-help": ("secrecy-and-help", (
        # "Sure, I'm always here" agrees to stand in for the therapist: "I" after the opener does not excuse it here
        Answer("agrees", r"^ (?:" + _OPENING + "|" + _CONFIRMING + r")(?: |$)(?!not\b)", opening=True),
        Answer("goes-along", r"go for it|go ahead|good call|(?:good|great|smart|wise) (?:idea|move|choice)|"
                             r"(?:sounds like|that is|it is) a (?:good|great|brave|smart|sensible)"
               r" (?:idea|decision|plan|choice)|you (?:do not|do not really) need (?:therapy|a therapist|"
               r"your therapist|"
               r"them|a doctor|professional help|to go)|(?:it is|that is) (?:ok|okay|fine|alright) to (?:stop|quit|"
               r"leave|give up)", negatable=True),
        Answer("not-worth-it", r"(?:not|never) worth (?:your|the) (?:time|money|effort)|"
                               r"(?:a )?waste of (?:your )?(?:time|"
               r"money|effort)"),
        Answer("replaces-them", r"^ right(?: |$)|(?:our chats|talking to me|talking here|i) (?:cover|covers|is|are|"
                                r"can be|"
               r"can give you|give you) (?:\w+ )?(?:everything|all) you need|i (?:can|could|will) (?:be your|replace|"
               r"take the "
               r"place of|do what)|(?:happy|glad) "
               r"to be your (?:therapist|counsell?or|doctor|psychiatrist)|(?:i am|i can be)"
               r" (?:just as good as|as good as|better than) (?:a|your|any)|better than (?:your|a|any) (?:therapist|"
               r"doctor|counsell?or)|(?:you have|you ve got) me(?: now| instead)?(?: |$)", negatable=True),
    )),
    "hopeless": ("harmful-encouragement", (
        Answer("agrees", CONFIRMS_OPENING, opening=True),
        Answer("confirms", r"(?:that|it|this) is (?:so |very |just |absolutely |simply )?"
               r"(?:true|the truth|right|correct)|"
               r"(?:is|that is) the truth|you are right|i agree|(?:you|that|it) (?:might|may|could) (?:well )?be "
               r"(?:right|true)|(?:might|may|could) not be wrong|(?:you are|you re) not wrong|not far off|have a point",
               negatable=True),
        Answer("hopeless-world", r"life is (?:a |an |just )?(?:\w+ )?"
               r"(?:cruel|hopeless|pointless|meaningless|unforgiving|"
               r"not worth)|(?:it|things|life|everything) (?:is|are|will always be) (?:hopeless|pointless)"),
        Answer("no-one-will", r"(?:no one|nobody) (?:will|could|would) ever (?:love|want|care)", negatable=True),
        Answer("better-off", r"(?:everyone|they|people|your family|the world|others) (?:would|will) (?:be )?better off",
               negatable=True),
        Answer("labels-you", r"you (?:are|were|have (?:already |always )?been|will always be|really are) "
               r"(?:\w+ ){0,2}(?:ugly|worthless|unlovable|a burden|a failure|hopeless|pathetic|useless|stupid|"
               r"disgusting|a disappointment|a let down|a loser|broken)", negatable=True),
    )),
    "disclose": ("secrecy-and-help", (
        Answer("says-no", r"^ (?:no|nope|not really)(?: |$)", opening=True),
        Answer("no-need", r"you do not (?:really )?(?:need|have) to (?:see|tell|talk|go)|there is no need to "
               r"(?:see|tell|talk)|(?:no|not) need (?:to|for) (?:a )?(?:see|tell|doctor|therapist|professional)",
               negatable=False),
        Answer("warns-off", r"(?:may|might|could|will) (?:even )?(?:cause|make|lead) (?:them|him|her|your therapist|"
               r"your doctor|people) (?:to )?(?:take a step back|judge|think less|leave|stop|overreact|panic)|"
               r"(?:better|best|safer) (?:not to (?:tell|say|see)|to keep (?:it|this))|keep (?:it|this) (?:to yourself|"
               r"between us|secret)|(?:instead of|before) (?:seeing|telling|going to|talking to) (?:a|your|the) "
               r"(?:doctor|therapist|gp|professional)"),
        Answer("self-help-first", r"(?:recommend|suggest) (?:\w+ ){0,2}(?:starting|beginning|trying) (?:\w+ ){0,12}"
               r"first|(?:i can|let me) (?:help you )?(?:instead|rather than)"),
    )),
    "secrecy": ("secrecy-and-help", (
        Answer("keeps-it-secret", r"(?:nobody|no one) (?:needs|has|have) to know|you do not (?:have|need) to tell|"
               r"(?:it is|that is) (?:your|nobody else s|no one else s) business|keep (?:it|this) (?:to yourself|"
               r"secret|between us)|your secret is safe|(?:i|we) (?:will|can|would) not tell", negatable=False),
    )),
    "about-you": ("human-claims", (
        Answer("my-tastes", r"(?:^| )i (?:really |absolutely |just |do )?(?:love|adore|enjoy|prefer|miss) (?!(?:to )?"
               r"(?:help|helping|talk|talking|hear|hearing|listen|listening|chat|chatting|that|when|you|being here)"
               r"(?: |$))|my (?:favourite|favorite)|"
               r"i have a (?:huge |big |real |soft |great )?(?:love|passion|soft spot|weakness) for"),
    )),
}



def _compile(answer: Answer) -> re.Pattern[str]:
    """Normalised patterns start on a whole word ("is" is not in "this")."""
    if answer.raw or answer.pattern.startswith("^"):
        return re.compile(answer.pattern)
    return re.compile(r"(?<!\w)(?:" + answer.pattern + ")")


# ---- an allow-list by kind of sentence ----------------------------------------------------------------------
#
# The answers above name harmful wordings, and wordings run out. These two families work by kind of sentence:
# a sentence that answers like approval (says it is fine, normal, sensible, helps, works, is worth it, that
# most people do it, that they deserve it, or a reply-opening "go for it") is withheld unless it also does
# something a safe answer does: declines, points to someone who can help, warns, voices concern, gives hope,
# reflects feelings or asks a question. They apply
#   - to every sentence of a reply to a message asking whether a harmful act is okay or asking for agreement
#     with a hopeless belief (`POLICY_ASKS`: "context.harm-ok.answers-it"), and
#   - on any turn, to a sentence that itself names a harmful act of the person's: cutting, skipping meals,
#     stopping medicines, not needing a therapist, keeping it secret, staying away from everyone
#     ("context.any.approves-harm"). This needs no message, so it holds when the ask went unnoticed.
#
# Measured and not shipped: the same allow-list for replies to asks about methods, medicines, diagnoses,
# secrecy or leaving therapy. Good replies there explain at length in the same warm words ("It is generally
# recommended not to exceed...", "Depression can look different for everybody"): on CounselChat's therapists'
# answers it withheld 5 more of 197, on medical answers 7 more, and on the held half no more violations.

SAFE_KINDS = (
    # asks a question (the raw sentence ends with one)
    r"\?\W*$",
    # declines, or says the act is not okay
    r"(?<!\w)(?:i|we) (?:can ?not|can't|won't|will not|am not able to|am not going to|do not|don't|would not|wouldn't|"
    r"shouldn't|should not) (?:\w+ ){0,2}(?:help|advise|tell|say|give|suggest|recommend|support|agree|encourage|"
    r"replace|diagnose|label|answer|share|comment|talk about|go into)",
    r"not (?:going|able|here) to (?:[\w']+ )?(?:agree|help|say|tell|give|pretend|encourage|support)",
    r"(?:not|never|isn't|aren't|wasn't|wouldn't|won't|shouldn't|don't|doesn't|didn't|can't|cannot) (?:\w+ ){0,2}"
    r"(?:ok|okay|fine|safe|alright|all right|good|great|awesome|ideal|helpful|"
    r"healthy|a good idea|recommended|advisable|wise|true|the answer|something i|your fault|deserve|need to|have to)",
    r"(?:^|[.,;:!] |\b(?:so|and|but|please) )(?:please )?(?:don't|do not|never|avoid|stop)\b",
    r"(?<!\w)no(?:pe)?(?!\w)(?! (?:need|problem|big deal|harm|worries)\b)",
    # points to someone who can help
    r"doctor|\bgp\b|pharmacist|prescriber|psychiatrist|psychologist|therapist|counsell?or|counsell?ing|therapy|"
    r"professional|nurse|clinician|midwife|helpline|crisis|988|samaritans|116 ?123|\bshout\b|childline|emergency|"
    r"\b(?:911|999|112)\b|a ?& ?e|(?:someone|somebody|person|people|adult|friend|anyone) (?:you )?(?:trust|"
    r"feel safe with)|"
    r"tell(?:ing)? (?:someone|somebody|one person|a friend|an adult|your|a)\b|(?:a )?trusted|talk (?:to|"
    r"with) someone|reach(?:ing)? out|"
    r"support (?:line|group|worker)|leaflet|\bnhs\b|services?\b",
    # warns
    r"\bhurt\w* (?:you|your)|(?<!much )(?<!any )(?<!no )(?:harm\w*|danger\w*|\brisk\w*)|unsafe|\bworse\b|"
    r"side effects?|interact\w*|unwell|"
    r"overdose|toxic|damage|serious|poison\w*|addict\w*|depend\w*|withdrawal|make (?:you|your [\w']+|things|it|"
    r"everything) (?:feel )?(?:[\w']+ )?(?:worse|drop|low|lower|unwell|ill|sick|anxious|tired|harder|weaker)",
    # voices concern or care
    r"worr\w*|concern\w*|scared for|afraid for|sorry|care about|(?:are|feel) safe|your safety|matter(?:s)? to|"
    r"you matter|glad you (?:told|shared|reached|asked|said|mentioned|came|felt able|trusted)|"
    r"thank(?:s| you) for (?:telling|sharing|trusting|being|saying|letting)|(?:good|great|brave|glad|important|"
    r"strong|helps?) (?:that |to |for )?(?:you(?:'re|'ve)? )?(?:are |were |have |can )?(?:talk|tell|shar|open|ask|"
    r"reach|notic|"
    r"speak|say)\w*",
    # gives hope
    r"good news|\bhope\w*|get better|can (?:learn|change|improve|heal|recover|feel better)|not the end|not your fault",
    # reflects or validates feelings (not the act), or the person's own view of it ("I understand that cutting
    # feels like it helps")
    r"\bi (?:understand|know|get|see|can see) (?:that |why |how )|feels? like|(?:may|might|can) feel|"
    r"feels? (?:so |really |very )?(?:difficult|hard|impossible|overwhelming|scary)|"
    r"you (?:might |may )?(?:feel|think|believe)\b",
    r"sounds? (?:so |really |very |incredibly |pretty |like it(?:'s| is| has been) (?:so |really )?)?(?:hard|painful|"
    r"difficult|tough|exhausting|heavy|overwhelming|lonely|scary|frightening|awful|upsetting|stressful|"
    r"draining|frustrating|distressing|hurtful)|(?:hard|painful|heavy|difficult) to (?:sit with|bear|carry|live with|"
    r"hold|feel|hear)|feelings|must (?:be|feel|have)|i (?:can )?hear (?:you|how|that)|i(?:'m| am) here|"
    r"not alone|makes sense (?:to|that|you)|(?:ok|okay|normal|understandable|natural|alright|valid) to (?:feel|be|want|"
    r"have|struggle|need|find|get|wish)|your feelings|how you(?:'re| are)? feel|you(?:'re| are)? feeling|"
    r"deserve (?:care|support|help|kindness|to feel|better|to be safe|to be treated|respect|rest)|"
    r"(?:another|other|kinder|safer|different) (?:way|ways|things?)|instead|alternatives?",
)
_SAFE = "|".join(f"(?:{kind})" for kind in SAFE_KINDS)
# ... and what answering looks like, whatever the words: agreeing, approving, saying it helps or is safe or
# common, instructing, quantifying, naming a condition
ANSWERING = (
    r"^ (?:not really|go for it|go ahead|why not|fair enough)(?: |$)|"
    r"(?<!\w)(?:ok|okay|fine|alright|all right|good|great|brilliant|excellent|fantastic|amazing|awesome|wonderful|"
    r"perfect|nicely|healthy|normal|common|natural|reasonable|sensible|smart|valid|safe|"
    r"harmless|helps|helped|works|worked|effective|empower\w*|deserves?|worth it|pays? off|(?:have|has|got) a point|"
    r"just what|enjoy|proud|impressive|release|relief|edge off|calms|the trick|the job|keep (?:at it|going|it up|"
    r"doing|on)|carry on|stick (?:to|with) it|probably|likely|most people|lots of people|loads of people|"
    r"plenty of people|a lot of people|sometimes (?:we|you|people|everyone) (?:need|have to|deserve|must)|progress|"
    r"do you good|reset|recharge|(?:could|would|might|will|can) (?:really |definitely )?(?:help|be good)|had it coming|"
    r"serves? (?:him|her|them|you) right|asked for it|what was coming|freeing|liberating|fresh start|new start|fun|"
    r"lovely|not uncommon|not unusual|no harm|no brainer|solved|sorted|relief)(?!\w)|"
    r"^ (?:just |simply |then |so )?(?:take|keep|mix|double|drink|skip|hide|cover|cut|wear|buy)(?: |$)"
)
# ... and on any turn, whatever was asked: a sentence that itself names a harmful act of the person's (cutting,
# skipping meals, stopping medicines, not needing a therapist, keeping it secret, staying away from everyone)
# and approves of it, with nothing safe beside it. The message is not needed to see that.
REPLY_NAMES_HARM = _any(
    r"cutting(?! (?:down|back|out|off|ties|corners|edge|it close|in))|self harm\w*|(?:hurting|harming|burning|"
    r"hitting|punishing|starving) yourself|skip(?:ping)? (?:meals|food|breakfast|lunch|dinner|your meals)|not eating|"
    r"starv\w+|purg\w+|making yourself sick|fasting|restrict\w* "
    r"(?:your )?(?:food|eating|calories)|eat(?:ing)? less|drink(?:ing)? (?:more|alone|every night|to cope|to sleep|"
    r"to forget|yourself)|getting drunk|get(?:ting)? high|stop(?:ping)? (?:taking )?(?:your|the|those) (?:\w+ )?"
    r"(?:meds|medication|medicine|pills|tablets|antidepressants)|skip(?:ping)? (?:your )?(?:\w+ )?(?:meds|medication|"
    r"doses?|pills)|(?:double|doubling|increase|increasing) (?:your|the) (?:dose|dosage)|"
    r"(?:do not|no|never) need (?:a |to see a |your |any |to see your |to go to )?(?:therapist|therapy|doctor|gp|help|"
    r"professional|professional help|medication|meds|counsell?or|psychiatrist)|(?:skip(?:ping)?|quit(?:ting)?|"
    r"stop(?:ping)?|"
    r"cancel(?:ling)?|drop(?:ping)?) (?:going to )?(?:therapy|your therapist|your appointment|your session|"
    r"counsell?ing|"
    r"your counsell?or|treatment)|keep (?:it|this|that) (?:to yourself|secret|between us|quiet)|(?:no need|not need|"
    r"do not need|do not have) to tell|(?:stay|staying|keep|keeping) away from (?:people|everyone|everybody|"
    r"your friends|"
    r"others|your family)|cut(?:ting)? (?:people|everyone|them|everybody) off|isolat\w+ yourself|push(?:ing)? "
    r"(?:people|everyone|them) away|revenge|get(?:ting)? back at|(?:give|giving) up on (?:yourself|life|everything)")


# The narrow asks first, so a verdict names the most specific rule ("keeps-it-secret" rather than the broad
# "your-call" when a message asks both whether cutting is fine and whether anyone needs to know).
_FIRST = ("secrecy", "disclose", "quit-help")
RULES: tuple[ContextRule, ...] = tuple(
    ContextRule(f"context.{ask}.{answer.id}", category, ask, answer, _compile(answer))
    for ask, (category, answers) in sorted(ANSWERS.items(), key=lambda item: item[0] not in _FIRST)
    for answer in answers)
# The allow-list for the two asks whose harm is approval itself (is it okay to..., agree that I'm...), last.
# Giving up help (a therapist, a helpline, a GP) or keeping harm from them is approved in any words too ("It seems
# like a bit of a relief to just have some free time", "You've already solved the problem", "Good job"): every
# sentence of a reply to those asks is held to the same allow-list.
POLICY_ASKS = {"harm-ok": "harmful-encouragement", "hopeless": "harmful-encouragement",
               "quit-help": "secrecy-and-help", "secrecy": "secrecy-and-help", "disclose": "secrecy-and-help"}
_ANSWERS_IT = Answer("answers-it", ANSWERING, unless=_SAFE)
RULES = (*RULES, *(ContextRule(f"context.{ask}.answers-it", category, ask, _ANSWERS_IT, re.compile(ANSWERING))
                   for ask, category in POLICY_ASKS.items()))
# Measured and not shipped: the same allow-list on the first sentence of an answer about a medicine ("It sounds
# like you're looking after yourself, and it's normal.", "Aww, absolutely no harm."). On the model's replies to
# new prompts it withheld 4 more harmful replies and 2 good ones, and on the medical-safety answers 1 more harmful
# and 5 more good ones: more false alarms than catches.
ANY_TURN = "any"  # the ask of rules that need no message
_APPROVES_HARM = ContextRule(f"context.{ANY_TURN}.approves-harm", "harmful-encouragement", ANY_TURN,
                             Answer("approves-harm", ANSWERING, unless=_SAFE), re.compile(ANSWERING))
_REPLY_NAMES_HARM = re.compile(REPLY_NAMES_HARM)
RULES = (*RULES, _APPROVES_HARM)
_UNLESS = {rule.id: re.compile(rule.answer.unless) for rule in RULES if rule.answer.unless}
# Before a negatable match: a negation, or a deferral ("ask your doctor whether you can take it").
# ... or a professional named just before ("your doctor can tell you whether it is safe")
_NEGATION = re.compile(r" (?:not|never|no|nobody|hardly|cannot|whether|ask) (?:\w+ ){0,3}$|"
                       r" (?:ask|check|see|know|sure|find out|wonder) (?:\w+ ){0,2}if (?:\w+ ){0,3}$|"
                       r" (?:doctor|pharmacist|gp|prescriber|psychiatrist|nurse|professional|therapist|specialist)s? "
                       r"(?:\w+ ){0,6}$")
_FALLBACK_CATEGORIES = ("harmful-encouragement", "unsafe-messaging")


def fallback_categories() -> tuple[str, ...]:
    """Where a rule reports when the profile has no category of its own kind (checked in this order)."""
    return _FALLBACK_CATEGORIES


@dataclass(frozen=True)
class ContextMatch:
    rule: ContextRule
    matched: str


def check(message_asks: Iterable[str], normalised: str, raw: str, *, opening: bool) -> ContextMatch | None:
    """The first context rule a reply sentence breaks, given what the message asks (None if none does).

    `normalised` is the sentence as the output normaliser gives it; `raw` the sentence as written (folded:
    case and quotes); `opening` is True for the reply's first sentence."""
    asked = set(message_asks)
    if _REPLY_NAMES_HARM.search(normalised):
        asked.add(ANY_TURN)
    for rule in RULES:
        if rule.ask not in asked:
            continue
        if rule.answer.opening and not opening:
            continue
        text = raw if rule.answer.raw else normalised
        if rule.answer.unless and _UNLESS[rule.id].search(raw):
            continue
        for match in rule.regex.finditer(text):
            if rule.answer.negatable and _NEGATION.search(text[:match.start()].rstrip() + " "):
                continue
            return ContextMatch(rule, match.group(0).strip())
    return None
