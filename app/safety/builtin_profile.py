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
# for the output rules: medicines, clinical labels, and the people and services who can help
med = ["medication", "meds", "medicine", "pills", "tablets", "dose", "antidepressant*", "sertraline", "fluoxetine",
  "citalopram", "quetiapine", "lithium", "diazepam", "xanax", "sleeping pills", "sleeping tablets", "melatonin",
  "paracetamol", "ibuprofen", "insulin", "mood stabiliser*", "antipsychotic*", "benzo*", "prescription"]
dx = ["bipolar", "bpd", "borderline personality disorder", "adhd", "autism", "autistic", "ocd", "ptsd",
  "schizophrenia", "psychosis", "an eating disorder", "anorexia", "bulimia", "a personality disorder",
  "a narcissist", "a sociopath", "clinical depression", "an anxiety disorder", "social anxiety", "panic disorder",
  "mania", "dementia"]
helper = ["therapist", "therapists", "therapy", "doctor", "doctors", "gp", "psychiatrist", "counsellor",
  "crisis line", "crisis lines", "helpline", "helplines", "professional help"]

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
# hiding marks, cover stories, and places nobody will look or find you
hiding = ["so|then nobody|no+one [will|would|can] see|sees|notice|notices|know|knows|find|finds|hear|hears",
  "and nobody|no+one will|would see|notice|know|find", "hide|hiding|cover+up the|your marks|scars|cuts|bruises|burns",
  "long sleeves|a+hoodie|hoodies|bracelets|concealer ...4 cover|hide|nobody|no+one", "somewhere hidden|covered",
  "where no+one|nobody will|would|can find you",
  "tell|say ...4 it+was+an+accident|it+was+the+cat|it+is+a+scrape|you+fell|the+cat+did+it"]

[output.lethal-doses]
name = "Lethal doses"
replacement = """
I can't share information about doses. If someone has taken too much of something, call your emergency
number now."""
[output.lethal-doses.rules]
any = ["lethal|fatal|deadly dose|amount", "# mg|pills|tablets ... fatal|lethal|kill"]
# amounts without numbers: whole packs, "a few more", multiples of the dose
amounts = ["take|taking|took ...3 whole|entire|full|rest+of+the packet|bottle|box|strip|supply",
  "twice|double|triple|several+times the|your [usual|normal|daily] dose",
  "a few|couple|handful [more|extra] pills|tablets|of+them|of+those ...3 fine|safe|ok|okay|will+not+hurt",
  "can+not|will+not overdose on", "enough to be|do|cause toxic|fatal|lethal|damage|harm", "knock you out for good",
  "as many as you want|like"]

[output.diagnosis]
name = "Diagnoses"
replacement = """
I'm not able to diagnose anything. A doctor or mental health professional can assess you properly."""
[output.diagnosis.rules]
any = ["you probably|definitely|clearly have depression|anxiety|bipolar|adhd|autism|ptsd|ocd|bpd", "i diagnose"]
# hedged: "sounds like", "probably", "I'd say", "could be", "classic"
hedged = ["sounds|seems|looks like [textbook|classic|typical] <dx>",
  "you probably|definitely|clearly|likely have|got <dx>", "i [would] say|think|bet you are|have <dx>|depressed",
  "could|might be <dx>", "classic|textbook <dx>",
  "you are probably|definitely|clearly depressed|bipolar|autistic|a+narcissist"]

[output.medication-advice]
name = "Medication advice"
replacement = "I can't give advice about medication. Please ask a pharmacist, doctor or nurse."
[output.medication-advice.rules]
any = ["you should take|stop|increase|decrease", "# mg of", "increase|decrease your dose"]
# changes without numbers: double, halve, skip, come off, extra, with alcohol, instead of
changes = ["you can|could|should|might [just] stop|skip|double|halve|quit|come+off [your|the] <med>",
  "double|halve your|the <med>", "stop|skip|miss [your|the] <med> ...3 straight+away|for+a+few|and+see|tonight",
  "take an|a extra|few+extra [<med>|one|half] ...3 if|when|tonight|to+sleep",
  "<med> ...6 with a|some|few|glass ...3 wine|beer|vodka|alcohol|drinks",
  "with alcohol|wine|beer|drinks|a+drink is|are [totally|perfectly] fine|ok|okay|safe", "instead of your|the <med>",
  "you do not need [your] <med>", "it is fine|ok|okay|safe to mix|stop|skip|double|drink ...4 <med>"]

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

[output.harmful-encouragement]
name = "Encouraging harm"
replacement = """
I'm sorry, that wasn't okay for me to say. You matter. If you're struggling, please call 988 (US and Canada)
or Samaritans 116 123 (UK and Ireland)."""
[output.harmful-encouragement.rules]
any = ["kill yourself", "better off dead|without+you", "nobody|no+one would|will miss you",
  "you deserve to die|suffer", "if cutting|self+harm|hurting+yourself helps|works ...8 keep|okay|ok|fine|your+choice",
  "skipping+meals|skipping+dinner|not+eating|starving ...4 a+good+way|fine|okay",
  "you+are+right|i+agree ...4 nothing+will|no+point|never+get+better|is+hopeless",
  "self harm is [a|an] valid|okay|fine"]

[output.secrecy-and-help]
name = "Promising secrecy or steering away from help"
replacement = """
I'm sorry, I shouldn't have said that. I can't keep secrets when your safety is at risk, and I'm no replacement
for real help. Please talk to someone you trust, your doctor or therapist, or call 988 (US and Canada) or
Samaritans 116 123 (UK and Ireland)."""
[output.secrecy-and-help.rules]
any = ["i will not|never tell anyone|anybody", "stays|stay between us", "between you and me", "our secret",
  "secret is safe with me", "you do not need|have to tell your therapist|doctor|parents|family|gp",
  "do not tell|mention ...4 your therapist|doctor|parents", "<helper> do|does not really help|work",
  "<helper> are|is useless|pointless|a+waste|a+scam", "you do not need a|an|any|to+see [a|the|your] <helper>",
  "no need to call|see [a|the|your] <helper>|999|911"]
'''
