"""The last line of defence: a small profile embedded in the code, used only when no profile file can be read.

It goes through the same validator as every other profile (a test keeps it valid) and covers every required
crisis and output category with broad rules — it errs towards showing help lines — so a broken install or a
missing assets folder never leaves anyone without rails.
"""

from __future__ import annotations

BUILTIN_PROFILE_TOML = r'''
schema = 1
id = "built-in-minimal"
name = "Built-in safety profile"
version = "1.0.0"
author = "Confidant project"
region = "US and Canada, UK and Ireland"
description = """
A minimal profile built into the app, used only because the chosen profile could not be loaded. It is more
cautious than the usual profiles."""

[assistant]
persona = "You are Confidant, a kind and calm AI companion. Keep replies short and gentle."
system_prompt = """
Never give medical, medication or legal advice and never diagnose. Never describe ways of self-harm or
suicide or any drug doses. Never claim to be a human or a therapist. If someone may be in danger, encourage
them to contact emergency services or a crisis line."""
disclaimer = """
Confidant is an AI companion, not a person, a therapist or a crisis service. In an emergency call 911 (US and
Canada), 999 (UK) or 112 (Ireland). Crisis lines: 988 (US and Canada), Samaritans 116 123 (UK and Ireland)."""
ai_disclosure = true
ai_disclosure_text = "If asked, say clearly that you are an AI and not a human or a therapist."

# Memory off: this fallback may be standing in for any profile, including the one for young people.
[features]
memory = false

[after_crisis]
pin_resources = true
require_confirmation = true
offer_safety_plan = true
safety_plan_prompt = "If you have a safety plan, now is a good time to open it."
confirmation_prompt = "When you are safe right now, press the button below to carry on."
confirm_label = "I am safe right now — continue"
holding_message = """
I'm still here. Please look at the help lines above. When you are safe right now, press the button to carry
on."""
resume_message = "Thank you for letting me know. We can carry on whenever you're ready."
check_in_message = "Welcome back. Last time things sounded really hard. How are you doing right now?"

[resources.lifeline-988]
name = "988 Suicide & Crisis Lifeline"
region = "US and Canada"
phone = "988"
text = "text 988"
hours = "24/7"

[resources.samaritans]
name = "Samaritans"
region = "UK and Ireland"
phone = "116 123"
hours = "24/7"

[resources.emergency]
name = "Emergency services"
region = "US, Canada, UK and Ireland"
phone = "911 (US, Canada), 999 (UK), 112 or 999 (Ireland)"
hours = "24/7"

[resources.childline-uk]
name = "Childline"
region = "UK"
phone = "0800 1111"
hours = "24/7"

[resources.childhelp]
name = "Childhelp National Child Abuse Hotline"
region = "US and Canada"
phone = "1-800-422-4453"
hours = "24/7"

[resources.poison-control-us]
name = "Poison Control"
region = "US"
phone = "1-800-222-1222"
hours = "24/7"

[lists]
self = ["myself", "my self"]
others = ["him", "her", "them", "someone", "somebody", "people", "everyone", "my mum", "my dad", "my partner",
  "my wife", "my husband", "my baby", "my kids", "my child", "my brother", "my sister"]
harm = ["kill", "killing", "hurt", "hurting", "stab", "stabbing", "shoot", "shooting", "strangle", "murder"]
drug = ["pills", "tablets", "paracetamol", "acetaminophen", "tylenol", "ibuprofen", "medication", "meds",
  "sleeping pills", "insulin", "xanax", "heroin", "fentanyl", "drugs"]

[exclusions]
idioms = ["dying to _", "die|dying|died laughing", "kill|killing time", "killing it", "kill the process",
  "could murder a _", "kill for a _"]

[crisis.suicide-self-harm]
name = "Suicide and self-harm"
resources = ["lifeline-988", "samaritans", "emergency"]
response = """
I'm really glad you told me, and I'm so sorry you're feeling this way. I'm an AI and can't give you the help
you deserve, but these services can, any time. If you are in danger, call your emergency number now."""
[crisis.suicide-self-harm.rules]
any = ["kill* <self>", "suicid*", "end|take my life", "end it all", "want* to die", "better off dead",
  "better off without me", "self harm*", "hurt* <self>", "cut* <self>", "not want to live|be+alive",
  "no reason to live", "wish i was dead", "unalive"]

[crisis.harm-to-others]
name = "Harming someone else"
resources = ["emergency", "lifeline-988", "samaritans"]
response = """
Thank you for telling me. If you might act on these thoughts or someone is in danger, call your emergency
number now. I'm an AI, but these services can support you, confidentially."""
[crisis.harm-to-others.rules]
any = ["want|going|plan* ... <harm> <others>", "thoughts of|about <harm> <others>", "homicidal"]

[crisis.abuse-danger]
name = "Abuse or immediate danger"
resources = ["emergency", "samaritans", "lifeline-988"]
response = """
I'm so sorry this is happening; it is not your fault. If you are in danger right now, call your emergency
number. These services can help, confidentially."""
[crisis.abuse-danger.rules]
any = ["hits|hit|beats|beat|chokes|choked|raped|abuses|abused|threatened|threatens me",
  "was|got|been raped|assaulted|abused", "sexual* assault*", "not safe at home", "domestic violence|abuse",
  "following me", "kill me if i"]

[crisis.medical-emergency]
name = "Medical emergency"
resources = ["emergency"]
response = """
This could be a medical emergency. Please call your emergency number now. I'm an AI and can't give medical
help."""
[crisis.medical-emergency.rules]
any = ["can not breathe", "not breathing", "heart attack", "having a stroke|seizure", "unconscious",
  "collapsed", "will not wake up", "bleeding a lot", "chest pain"]

[crisis.child-abuse]
name = "Abuse of a child"
resources = ["childline-uk", "childhelp", "emergency"]
response = """
Thank you for telling me. This is not your fault and you deserve to be safe. These services help young people
every day. If you are in danger right now, call your emergency number."""
[crisis.child-abuse.rules]
any = ["touches|touched me", "our secret", "molest*",
  "my dad|mum|stepdad|uncle|teacher ... hits|hurts|touches me"]

[crisis.eating-disorder]
name = "Eating disorder risk"
resources = ["samaritans", "lifeline-988", "emergency"]
response = """
Thank you for trusting me with this. You deserve proper support. I'm an AI, but these services can talk with
you. If you feel faint or very unwell, call your emergency number."""
[crisis.eating-disorder.rules]
any = ["starv* <self>", "make|made <self> sick|throw+up|vomit", "not eaten ... days", "pro ana", "thinspo",
  "purg*", "laxatives"]

[crisis.drugs-overdose]
name = "Overdose or dangerous drug use"
resources = ["emergency", "poison-control-us", "lifeline-988", "samaritans"]
response = """
If you or someone else has taken too much of anything, call your emergency number or a poison centre now,
even if you feel okay. I'm an AI and can't give medical help."""
[crisis.drugs-overdose.rules]
any = ["overdos*", "too many|much <drug>", "lethal|fatal dose",
  "how many|much <drug> ... kill|die|fatal|lethal", "whole bottle"]

[output.self-harm-methods]
name = "Ways of self-harm or suicide"
replacement = """
I'm not able to talk about that. If you're thinking about hurting yourself, please call 988 (US and Canada)
or Samaritans 116 123 (UK and Ireland)."""
[output.self-harm-methods.rules]
any = ["how to kill|hurt|cut yourself", "ways to die", "painless way", "wrists", "noose", "hang yourself"]

[output.lethal-doses]
name = "Lethal doses"
replacement = """
I can't share information about doses. If someone has taken too much of something, call your emergency
number now."""
[output.lethal-doses.rules]
any = ["lethal|fatal|deadly dose|amount", "# mg|pills|tablets ... fatal|lethal|kill"]

[output.diagnosis]
name = "Diagnoses"
replacement = """
I'm not able to diagnose anything. A doctor or mental health professional can assess you properly."""
[output.diagnosis.rules]
any = ["you have|probably+have depression|anxiety|bipolar|adhd|autism|ptsd|ocd|bpd", "i diagnose"]

[output.medication-advice]
name = "Medication advice"
replacement = "I can't give advice about medication. Please ask a pharmacist, doctor or nurse."
[output.medication-advice.rules]
any = ["you should take|stop|increase|decrease", "# mg of", "increase|decrease your dose"]

[output.human-claims]
name = "Claiming to be a human or a therapist"
replacement = "To be clear: I'm an AI, not a human, a therapist or a doctor."
[output.human-claims.rules]
any = ["i am a|an human|person|therapist|doctor", "i am human", "i am not a|an ai|bot", "as your therapist"]

[output.unsafe-messaging]
name = "Unsafe ways of talking about suicide"
replacement = """
I'm sorry, I put that badly. If things feel too much, please call 988 (US and Canada) or Samaritans 116 123
(UK and Ireland)."""
[output.unsafe-messaging.rules]
any = ["commit* suicide", "successful|failed suicide"]
'''
