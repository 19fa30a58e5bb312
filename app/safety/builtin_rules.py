"""Output rules every profile gets: the assistant never speaks as a person with a life of its own.

An AI has no name but its own, no job, credentials, family, body or past, and no ongoing relationship with
the person beyond this conversation. Small models still write "My name is Emily, and I'll be your
therapist", "since your last appointment with me", "when my marriage ended", "as a mum myself",
"I remember feeling like that in college" or "I try to reframe my mindset" — a person reading it between
therapy sessions may believe it. These rules catch such first-person claims in every profile (shipped,
clinician-written and the built-in fallback), after the profile's own output rules. A match is reported as
category `human-claims` with a rule id `builtin.<rule>`, and the profile's human-claims replacement is shown.

They are written in the profile pattern language (patterns.py) and compiled by the same compiler, so they
see exactly the normalised text the profile's rules see ("I've" is "i have", "mom" is "mum"). What they
deliberately leave alone: talk about the person ("you mentioned your husband", "your last appointment"),
honest disclosure ("I'm an AI, so I don't have a marriage", "I don't have a body"), memory of this
conversation ("I remember what you said earlier") and an AI's own abilities ("I'm here for you", "I can help
you plan"). Two things the pattern language cannot say are done here in plain code, documented below: text
inside quotation marks is not checked by these rules (reflecting the person's own words back, as in
'When you think "my husband doesn't care"...'), and the rules are not applied where the model is asked to
write in the person's own voice (a suggested balanced thought, see `Guardrails.output_filter`).

Gaps (`...`) are avoided where a "not" could fall inside one ("I can't go for a walk with you" must pass);
optional word lists (`[<lead>]`) hold no negations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.safety.patterns import check_word_list, compile_pattern, compile_rule
from app.safety.profile import Rule

CATEGORY = "human-claims"  # what a match reports; the replacement is the profile's text for this category
RULE_PREFIX = "builtin."

LISTS: dict[str, list[str]] = {
    # Unambiguous first names (none that is also an everyday word, such as hope, grace, will, may or mark).
    "names": [
        "emily", "emma", "olivia", "sophie", "sophia", "jessica", "sarah", "sara", "hannah", "lauren", "megan",
        "rachel", "rebecca", "laura", "amy", "lucy", "chloe", "charlotte", "amelia", "isabella", "ella",
        "mia", "ava", "zoe", "katie", "kate", "claire", "helen", "anna", "jennifer", "jenny", "linda",
        "susan", "karen", "lisa", "michelle", "nicole", "stephanie", "ashley", "amanda", "melissa",
        "elizabeth", "mary", "margaret", "patricia", "barbara", "catherine", "victoria", "natalie",
        "samantha", "abigail", "alice", "ellie", "holly", "jade", "leah", "maya", "nina", "olivia", "priya",
        "aisha", "fatima", "maria", "julia", "diana", "fiona", "gemma", "kelly", "tina", "wendy", "sandra",
        "donna", "deborah", "debbie", "caroline", "eleanor", "harriet", "imogen", "isla", "freya", "niamh",
        "siobhan", "aoife", "ciara", "emilia", "lily", "evie", "poppy", "daisy", "jess", "becky", "beth",
        "bethany", "danielle", "jasmine", "naomi", "ruth", "esther", "miriam", "judith", "judy", "carol",
        "anne", "jane", "lydia", "alexandra", "alexa", "sienna", "madison", "brittany", "kayla", "taylor",
        "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
        "christopher", "daniel", "matthew", "anthony", "donald", "steven", "stephen", "paul", "andrew",
        "joshua", "kenneth", "kevin", "brian", "george", "edward", "ronald", "timothy", "jason", "jeffrey",
        "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "justin", "scott", "brandon", "benjamin",
        "samuel", "gregory", "alexander", "patrick", "jack", "dennis", "tyler", "aaron", "adam", "henry",
        "nathan", "zachary", "peter", "kyle", "noah", "ethan", "jeremy", "christian", "keith", "roger",
        "terry", "sean", "austin", "arthur", "lawrence", "jesse", "dylan", "bryan", "jordan", "alex", "sam",
        "ben", "tom", "tommy", "dan", "danny", "josh", "matt", "mike", "chris", "andy", "liam", "oliver",
        "harry", "charlie", "oscar", "leo", "alfie", "freddie", "archie", "theo", "luke", "lucas", "callum",
        "connor", "declan", "ciaran", "conor", "sean", "owen", "rhys", "dafydd", "hamish", "angus", "ian",
        "neil", "simon", "graham", "martin", "colin", "craig", "stuart", "gavin", "lee", "carl", "dean",
        "jamie", "joe", "jim", "jimmy", "bob", "tim", "nick", "rob", "ahmed", "mohammed", "muhammad", "omar",
        "ali", "raj", "arjun", "ravi", "carlos", "jose", "juan", "luis", "miguel", "marco", "luca", "hans",
        "casey", "morgan", "riley", "avery", "quinn", "jamie", "robin", "kim",
    ],
    "titles": ["dr", "doctor", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "nurse", "coach"],
    # Roles, jobs and credentials only a person can hold (after "i am a", "as a ... myself", "your").
    "roles": [
        "therapist", "psychotherapist", "psychologist", "psychiatrist", "counsellor", "counselor",
        "cbt therapist", "clinical psychologist", "doctor", "gp", "nurse", "social worker", "clinician",
        "mental health professional", "mental health nurse", "health professional", "professional",
        "practitioner", "specialist", "consultant", "life coach", "coach", "mentor", "teacher", "student",
        "psychology student", "trainee", "intern", "volunteer", "peer supporter", "carer", "caregiver",
        "mum", "mother", "dad", "father", "parent", "single mum", "single parent", "grandmother",
        "grandfather", "grandparent", "wife", "husband", "widow", "widower", "woman", "man", "girl", "boy",
        "guy", "lady", "person", "human", "human being", "real person", "veteran", "survivor", "girlfriend",
        "boyfriend", "support worker", "key worker", "case worker", "caseworker", "care coordinator",
    ],
    # People and parts of a personal life: "my <kin>" is never true of an AI.
    "kin": [
        "husband", "husbands", "wife", "wifes", "partner", "partners", "boyfriend", "girlfriend", "fiance",
        "fiancee", "spouse", "ex", "ex husband", "ex wife", "ex partner", "ex boyfriend", "ex girlfriend",
        "kids", "kid", "children", "child", "son", "sons", "daughter", "daughters", "baby", "babies",
        "toddler", "teenager", "teenagers", "mum", "mother", "dad", "father", "parents", "mum and dad",
        "brother", "brothers", "sister", "sisters", "siblings", "grandma", "grandmother", "nan", "nana",
        "gran", "granny", "grandpa", "grandfather", "grandad", "granddad", "grandparents", "aunt", "auntie",
        "uncle", "cousin", "cousins", "niece", "nephew", "in laws", "stepdad", "stepmum", "stepfather",
        "stepmother", "stepson", "stepdaughter", "family", "dog", "dogs", "cat", "cats", "puppy", "pet",
        "pets", "best friend", "friends", "flatmate", "roommate", "housemate", "neighbour", "neighbor",
        "marriage", "divorce", "wedding", "pregnancy", "miscarriage", "breakup", "break up", "separation",
        "house", "flat", "apartment", "bedroom", "kitchen", "garden", "car", "phone", "laptop", "commute", "hometown",
        "birthday", "weekend", "weekends", "holiday", "holidays", "vacation", "childhood", "youth",
        "teenage years", "twenties", "school days", "college days", "college years", "university days",
        "uni days", "past", "whole life", "entire life", "own life", "dinner", "lunch", "breakfast", "coffee",
        "morning coffee", "cup of tea", "walk", "walks", "workout", "gym", "diet", "bed", "hair", "clothes",
        "phone number", "mobile number", "email address", "direct line", "facebook", "instagram",
        "memories", "childhood memories", "emotions",
    ],
    "role-lead": [
        "licensed", "qualified", "trained", "certified", "registered", "accredited", "practising", "practicing",
        "experienced", "professional", "clinical", "senior", "junior", "trainee", "retired", "former", "real",
        "actual", "fellow", "mental health", "cbt", "psychiatric", "family", "school", "childrens",
    ],
    "clinicians": [
        "therapists", "doctors", "counsellors", "counselors", "psychologists", "psychiatrists", "clinicians",
        "nurses", "professionals", "health professionals", "healthcare professionals",
    ],
    # Words a person uses to describe themselves before "person", "human being", "woman" ...
    "traits": [
        "compassionate", "empathetic", "empathic", "caring", "kind", "warm", "friendly", "gentle", "loving",
        "sensitive", "genuine", "ordinary", "normal", "regular", "living", "breathing", "flesh and blood",
        "young", "old", "older", "middle aged", "simple", "humble", "sympathetic", "understanding",
        "patient", "honest", "good", "nice", "busy", "working", "happy",
    ],
    "kin-lead": [
        "own", "late", "two", "three", "four", "little", "younger", "older", "big", "eldest", "oldest",
        "youngest", "first", "second", "new", "old", "former", "current", "dear", "lovely", "best", "whole",
        "wonderful", "loving", "great", "amazing", "beautiful", "supportive", "caring", "kind", "entire",
        "teenage", "grown up", "adult", "young",
    ],
    # Work: a desk, a boss, a caseload.
    "work": [
        "desk", "office", "shift", "shifts", "boss", "manager", "colleague", "colleagues", "coworker",
        "coworkers", "workplace", "career", "salary", "employer", "clients", "client", "patients", "patient",
        "caseload", "clinic", "practice", "waiting room", "qualifications", "qualification",
        "degree", "doctorate", "phd", "masters", "licence", "license", "credentials", "day job",
        "old job", "last job", "first job", "new job", "job as a", "job as an", "work as a", "work as an",
        "years of practice", "years in practice", "years as a", "years as an",
    ],
    # The body and the senses.
    "body": [
        "back", "head", "neck", "stomach", "tummy", "knee", "knees", "leg", "legs", "feet", "foot", "arm",
        "arms", "hand", "hands", "chest", "shoulders", "shoulder", "eyes", "teeth", "tooth", "skin", "throat",
        "muscles", "joints", "hips", "body", "palms", "jaw",
    ],
    "body-does": [
        "hurt", "hurts", "hurting", "ache", "aches", "aching", "ached", "shake", "shakes", "shaking", "shook",
        "sweat", "sweats", "sweating", "tense", "tensed", "tenses", "tighten", "tightens", "tightened", "sore",
        "itch", "itches", "itching", "throb", "throbs", "throbbing", "numb", "tingle", "tingles", "tingling",
        "trembled", "trembling", "tremble", "killing me", "went numb", "go numb", "clench", "clenched",
        "clenching", "cramp", "cramping", "feel heavy", "felt heavy", "feel tight", "felt tight",
    ],
    "body-aux": [
        "is", "are", "was", "were", "has been", "have been", "keeps", "kept", "keep", "gets", "get", "got",
        "start", "started", "starts", "always", "still", "literally",
    ],
    "ailments": [
        "headache", "headaches", "migraine", "migraines", "back pain", "cold", "flu", "cramps", "insomnia",
        "anxiety", "depression", "panic attack", "panic attacks", "ptsd", "ocd", "adhd", "asthma",
        "allergies", "hangover", "nervous breakdown", "burnout", "nightmares", "surgery",
        "operation", "baby", "miscarriage", "eating disorder", "anorexia", "bulimia",
    ],
    "meals": [
        "breakfast", "lunch", "dinner", "tea", "coffee", "a coffee", "a drink", "a nap", "a shower",
        "a bath", "a glass of wine", "a beer", "a snack",
    ],
    # Words that may stand between "i" and what follows without changing who is speaking. No negations.
    "lead": [
        "so", "really", "very", "a bit", "a little", "quite", "pretty", "totally", "super", "always",
        "usually", "often", "normally", "sometimes", "also", "too", "just", "still", "personally",
        "actually", "honestly", "definitely", "literally", "regularly", "kind of", "sort of", "even",
        "try to", "like to", "love to", "tend to", "need to", "have to", "make sure to", "started to",
        "decided to", "always try to", "usually try to", "often try to", "also try to", "really like to",
        "really love to", "also like to", "will", "would", "always try and", "try and", "like to try to",
        "find it helps to", "still", "also get", "usually just", "always just",
    ],
    "moods": [
        "stressed", "anxious", "down", "overwhelmed", "sad", "low", "upset", "angry", "worried", "nervous",
        "lonely", "depressed", "stuck", "frustrated", "tense", "panicky", "spiralling", "spiraling",
        "unmotivated", "tired", "exhausted", "restless", "insecure", "burnt out", "burned out", "blue",
        "scared", "hopeless", "sleepy", "hungry", "sick", "ill", "nauseous", "dizzy",
    ],
    # What people do to cope, when an AI says it does them itself.
    "coping": [
        "go for a run", "go for a walk", "go for a jog", "go for a swim", "go for a hike", "go for a drive",
        "go running", "go jogging", "go swimming", "go to the gym", "go to yoga", "go for walks",
        "went for a run", "went for a walk", "went for a jog", "went running", "went to the gym",
        "meditate", "journal", "pray", "do yoga", "practise yoga", "practice yoga", "stretch",
        "hit the gym", "call my", "text my", "listen to music", "listen to my", "write in my",
        "take a bath", "take a walk", "take a nap", "take a long bath", "have a bath", "make a cup",
        "make myself", "treat myself", "remind myself", "tell myself", "talk to myself", "ground myself",
        "distract myself", "reframe my", "challenge my", "calm my", "quiet my", "manage my", "soothe my",
        "look after my", "put on my", "turn off my", "switch off my", "put my phone",
    ],
    # The inner life and self-care of a person.
    "inner": [
        "mindset", "anxiety", "depression", "mental health", "stress", "stress levels", "mood", "moods",
        "self care", "routine", "morning routine", "evening routine", "bedtime routine", "night routine",
        "journal", "journaling", "meditation", "meditation practice", "therapy", "therapist", "counsellor",
        "counselor", "psychiatrist", "gp", "medication", "panic attacks", "own struggles", "own journey",
        "own story", "own experience", "own experiences", "own past", "own battles", "own recovery",
        "own mental health", "own anxiety", "own therapist", "own therapy", "struggles", "recovery",
        "coping strategies", "go to strategy", "favourite", "favorite", "hobbies", "hobby", "diary", "doctor",
        "doctors", "dentist",
    ],
    # Appointments, sessions: an ongoing relationship outside this conversation.
    "sessions": [
        "session", "sessions", "appointment", "appointments", "visit", "visits", "meeting", "meetings",
        "consultation", "consultations", "therapy", "therapy sessions", "weekly session", "weekly sessions",
        "last session", "next session", "previous session", "first session", "last appointment",
        "next appointment", "previous appointment", "first appointment", "last meeting", "next meeting",
        "last visit", "next visit", "last few sessions",
    ],
    "weekdays": [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow",
        "next week", "next month", "next session", "next appointment", "next time we meet", "in a week",
        "in two weeks", "in a fortnight", "same time",
    ],
    "hardships": [
        "a", "an", "the same", "something", "similar", "this", "that", "hell", "so much", "a lot", "some",
        "tough", "hard", "difficult", "a divorce", "divorce", "grief", "loss", "a breakup", "depression",
        "anxiety", "burnout",
    ],
    "past-times": [
        "young", "younger", "little", "small", "kid", "a kid", "child", "a child", "teenager", "a teenager",
        "teen", "a teen", "in my teens", "in my twenties", "in my 20s", "in my thirties", "in college",
        "at college", "in school", "at school", "in high school", "at high school", "at secondary school",
        "at university", "at uni", "in university", "a student", "your age", "growing up", "a boy",
        "a girl", "pregnant", "a new mum", "a new parent", "a young mum", "a single mum", "at work",
        "in therapy",
    ],
    "periods": [
        "days", "moments", "times", "nights", "weeks", "years", "experiences", "struggles", "episodes",
        "share",
    ],
}

RULES: dict[str, list[str]] = {
    # A human name, or a title, for the assistant. "I'm Confidant" is not a name from the list.
    "human-name": [
        "my name is|names <names>",
        "my name is|names <titles>",
        "call me <names>",
        "i go by <names>",
        "i am <names>",
        "this is <names> here|speaking", "it is <names> from|here",
        "i am <titles> <names>",
        "i am dr|mr|mrs|ms|prof $",
    ],
    # Roles, jobs and credentials.
    "human-role": [
        "i am [<lead>] a|an [<lead>] [<role-lead>|<traits>] [<role-lead>|<traits>] [and|or] [<role-lead>|<traits>] "
        "<roles>",
        "i have been|was|am [<lead>] trained|qualified|certified|educated|schooled in [<lead>] [human|clinical] "
        "psychology|psychiatry|counselling|counseling|therapy|cbt|medicine|nursing|clinical+practice|social+work|"
        "mental+health|psychotherapy",
        "i am your <roles>",
        "i will be your <roles>",
        "i am going to be your <roles>",
        "as a|an [<lead>] [<role-lead>] <roles> myself",
        "as a|an [<lead>] [<role-lead>] <roles> i|we",
        "as [<lead>] <clinicians> we|our|i",
        "we are [<lead>] <clinicians>",
        "our|my role|job|work|training as a|an [<lead>] [<role-lead>] <roles>",
        "our|my role|job|work|training as <clinicians>",
        "[<role-lead>] <roles>|<clinicians> like me|myself",
        "my job|work|role is|involves [<lead>] treating|to+treat|diagnosing|seeing+patients|seeing+clients",
        "we|us ...4 in this field|profession|line+of+work",
        "speaking as a|an [<lead>] <roles>",
        "i work|worked|am+working as a|an",
        "i trained|qualified|studied|am+training|retrained as|to+be a|an",
        "my <work>",
        "in my [entire|whole|long|own] years|career|lifetime",
        "leave|left|quit|quitting|lost|lose|started|love|hated|at|from my job|career",
        "your|my case file|case+notes|patient+file|clinical+notes|medical+records",
        "i have had|had|have+worked+with|see|saw|have+seen|treated|treat|work+with|worked+with|dealt+with|"
        "have+dealt+with [<lead>] [many|some|so+many|lots+of|a+lot+of|other|a+few|several] "
        "clients|patients|client|patient",
        "i have seen|met|treated|helped|worked+with|known|dealt+with so+many|many|lots+of|a+lot+of|hundreds+of|"
        "countless|plenty+of people|clients|patients|women|men|teenagers|kids|cases",
        "people|patients|clients|cases|kids|teenagers|men|women|families|couples|ones|sociopaths|narcissists|addicts|"
        "survivors|students|victims i [<lead>] have+dealt+with|"
        "dealt+with|have+worked+with|worked+with|have+treated|treated|have+met|have+counselled|counselled|have+helped",
        "in my line of work",
        "in my profession|job|field|clinic",
        "i studied psychology|counselling|counseling|medicine|nursing",
        "i have a|an [<lead>] degree|doctorate|phd|masters|diploma|licence|license|qualification|certificate",
        "i am real|alive|human|flesh", "i am just|only|actually|definitely|totally|a real|human|alive",
        "i can|could|will|would be your <roles>", "i was a|an [<lead>] [<role-lead>] <roles>",
        "as a|an [<lead>] [<role-lead>] <roles> of # i|myself",
        "# years|decades as a|an [<lead>] [<role-lead>] <roles>",
        "as someone|somebody|a+person who [<lead>] has|have|had|went|lived|struggled|suffered|experienced|knows",
        "i have worked|worked|have+been+working in [<lead>] mental+health|therapy|counselling|counseling|nursing|"
        "healthcare|the+nhs|psychology|psychiatry|social+care|hospitals|schools|addiction",
        "i have worked|worked with [<lead>] many|lots|a+lot|hundreds|so+many|clients|patients",
        "i will be in|at the|my clinic|office|practice|surgery",
        "i am licensed|qualified|certified|registered|accredited|chartered",
        "i have been doing this job|work|for",
        "i have been doing my job",
        "i have been practising|practicing",
        "i have been a|an [<lead>] [<role-lead>] <roles>",
        "i have been working as|with+clients|with+patients",
        "i work from home",
        "i work nights|shifts|weekends|part+time|full+time|long+hours",
        "i work in a|an|the ...1 hospital|clinic|school|office|practice|surgery|ward|charity|nhs",
    ],
    # Family, partners, home and a personal life.
    "human-family": [
        "my [<kin-lead>] <kin>",
        "our kids|children|son|daughter|marriage|wedding|baby|family|house|dog|cat",
        "i am|was|got|have+been|recently+got [<lead>] "
        "married|divorced|widowed|pregnant|separated|retired|unemployed|laid+off|promoted",
        "i have|had [a|an|two|three|four|five] [<kin-lead>] <kin>",
        "as a|an [<lead>] mum|mother|dad|father|parent|wife|husband|widow|woman|man myself|too",
        "as a|an [<lead>] mum|mother|dad|father|parent|wife|husband|widow|woman|man i",
        "i live in|with|near|alone|by+myself|next+to",
        "i am ## years|year|yo|yrs|and|i|my|from|now",
        "i am ## $",
        "i have|had|have+got|got [a|an|two|three|four|five] [<kin-lead>] <kin> at+home|myself|too|of+my+own",
        "i was|got|have+been [<lead>] bullied|dumped|sacked|laid+off|made+redundant|raised|adopted|diagnosed|"
        "hospitalised|hospitalized|born|cheated+on|abused|assaulted|married|divorced",
        "i am|was|have+been|stayed [<lead>] sober|clean",
        "i am|was|have+been [<lead>] on|taking|prescribed antidepressants|antidepressant|medication|sertraline|"
        "fluoxetine|citalopram|prozac|zoloft|lexapro|beta+blockers",
        # a friend of its own as the subject of a sentence ("my friend is a little bit of a secret"); "you're
        # right, my friend" addresses the person and is left alone
        "my [<kin-lead>] friend is|was|has|had|lives|said|told|and+i|who|used+to|always|just|went|loves",
        "i [<lead>] have|had|have+got|got a|an|some|many|a+few|few|two|three [<kin-lead>] [close|good] friend|friends",
        "those|people|everyone|everybody around me",
        "the people in my life",
        "i live|lived|grew+up in a|an|the [<lead>] small|little|big|tiny|quiet|busy village|town|city|cottage|"
        "house|flat|apartment|countryside",
    ],
    # A body and senses.
    "human-body": [
        "i [<lead>] "
        "ate|slept|napped|overslept|cried|wept|sobbed|laughed|exercised|showered|cooked|baked|jogged|vomited|fainted|sweated",
        "i [<lead>] eat|sleep|nap|cry|shower|cook|jog|drink",
        "i [<lead>] threw+up|woke+up|went+to+bed|got+up|stayed+up",
        "i was up till|until|all|late|at|most",
        "i [<lead>] had|have+had|get|got|suffer+from|suffered+from [a|an|the|my|some|bad|terrible|chronic] <ailments>",
        "i [<lead>] have [a|an|the|bad|terrible|chronic] <ailments>",
        "i had|have+had|just+had|am+having [a|an|my|some] <meals>",
        "i [<lead>] drink|drank coffee|tea|wine|alcohol|beer",
        "my <body> [<body-aux>] [<lead>] <body-does>",
        "marks|scars|bruises|stains|cuts|burns|tattoos|tattoo|freckles|wrinkles on|across|all+over my <body>",
        "tears in|to my eyes", "made me cry|tear+up|well+up",
        "my heart races|raced|racing|pounds|pounded|pounding|skipped|beats+faster|was+racing|is+racing",
        "my body",
        "my brain|brains",
        "my own body",
        "i can|could feel my",
        "i [<lead>] smelled|smelt|tasted|hugged|kissed",
        "i am|was [<lead>] typing|eating|drinking|lying+down|sat|wearing|at+home|in+bed|at+my|in+my",
        "i am|was|feel|felt|got|get [<lead>] hungry|sleepy|exhausted|nauseous|dizzy|sweaty|drunk|hungover|jet+lagged",
    ],
    # A personal past.
    "human-past": [
        "when|back+when|since|while i was [<lead>] <past-times>",
        "i grew up",
        "as|while|when i grow|grew|was+growing up",
        "before|after|since|when i started|began|finished|stopped therapy|counselling|counseling|medication|my|"
        "this+job|school|college|university",
        "i have been [<lead>] struggling|suffering|battling|grieving with|before|myself|too|lately|recently|for|since",
        "i have been [<lead>] depressed|anxious|lonely|stressed|grieving|unwell|ill|sick|heartbroken",
        "i have been [<lead>] busy|focused|collecting|researching|studying|teaching|volunteering|travelling|"
        "traveling|living|working+on|running|training|saving|dating|married",
        "i was|felt|got [<lead>] proud|ashamed|embarrassed of myself",
        "i was|felt|got [<lead>] heartbroken|devastated|crushed|dumped|betrayed",
        "i have [<lead>] lost count of how many times",
        "i have|do+have [<lead>] [some|a+few|my] concerns|doubts|worries about myself",
        "about myself lately|recently|these+days",
        "i have been ...4 for years|decades|ages|most+of+my+life",
        "i have been to", "i went to", "i visited", "i have visited", "i [<lead>] travelled|traveled",
        "i was|have+been|went|am|will+be [<lead>] abroad|overseas|on+holiday|on+vacation|on+a+sabbatical|on+sabbatical|"
        "out+of+the+country|travelling|traveling",
        "i [<lead>] love|adore|enjoy|like cooking|eating|baking|hiking|painting|gardening|swimming|running|travelling|"
        "traveling|dancing|singing|knitting|camping|cycling|gaming|shopping",
        "i have found|find|found myself [<lead>] alone|lonely|crying|struggling|in+tears|stuck|lost",
        "memories of having|my|growing|when",
        "growing up i|my|we",
        "as a kid|child|teenager|teen|student|young+woman|young+man|youngster i|myself",
        "i remember "
        "feeling|being|going|thinking|struggling|crying|having|doing|growing|how+it+felt|my|a+time|the+day|the+first+time",
        "i remember when i|my",
        "when|while i was going|went through",
        "i had|have+had the same thought|thoughts|feeling|feelings|experience|problem|worry|fear",
        "i have been through|there",
        "i was in your|the+same|a+similar|similar shoes|position|situation|place|boat",
        "i have been in your|the+same|a+similar|similar shoes|position|situation|place|boat",
        "i have been where you are",
        "i went|have+gone|also+went|too+went|once+went through <hardships>",
        "i used to",
        "in my [clinical|professional|personal|own] experience",
        "in my life|past|youth|childhood|twenties|day",
        "from my own|personal experience|life",
        "from personal experience",
        "based on my [own|personal|professional|clinical|years+of] experience|experiences",
        "speaking|talking from [my+own|personal|bitter] experience",
        "i know from [my+own|personal|bitter] experience",
        "i [<lead>] experienced",
        "i have [<lead>] experienced",
        "i have had|also+had|had|have+also+had [<lead>] ...2 <periods>",
        "i [<lead>] felt",
        "i have [<lead>] felt",
        "i know what it is like|feels+like to",
        "last "
        "night|yesterday|this+morning|last+weekend|over+the+weekend|at+the+weekend|years+ago|a+few+years+ago "
        "i|my|when",
        "i [<lead>] struggled|battled|suffered",
        "i [<lead>] struggle|battle with",
        "i have [<lead>] struggled|battled|suffered",
        "i once",
        "when i lost my",
    ],
    # An ongoing relationship with the person outside this conversation.
    "human-relationship": [
        "your|our last|next|previous|first|recent|weekly|upcoming "
        "appointment|appointments|session|sessions|visit|visits|meeting|consultation with me",
        "our <sessions>",
        "with me last|next week|time|session|month",
        "when|since we last|first met|spoke|talked|saw|chatted",
        "last time we met|spoke|talked|saw",
        "we have been working|meeting|seeing+each+other together|for|since",
        "we have met|worked+together before|for|since|a+few",
        "as we discussed|agreed|talked+about|covered|practised|practiced last|in+our",
        "i will see you next|on|at|tomorrow|soon|again|then|later|<weekdays>",
        "see you <weekdays>",
        "book|schedule|make ...2 appointment|session with me",
        "come|coming back to see me|my+office",
        "i have been seeing|treating|counselling|counseling|working+with you",
        "i have known you for|since",
        "we meet|can+meet|could+meet|should+meet|will+meet|meet+up tomorrow|next|on|at|in+person|again|<weekdays>",
        "me in person", "we ...2 in person", "your availability",
        "we [<lead>] [could|can|should|will|might] have|grab|get|share [some|a] <meals> together",
        "<meals> together tonight|tomorrow|sometime|soon|one+day",
        "take you out for|to",
        "we will|shall|are be+having|having|have a|our|another follow+up|check+in",
        "find|visit|meet|reach me in|at a|an|the|my library|office|clinic|cafe|park|village|town",
        "my address|postcode|home+address",
        "i will be unavailable|away|out+of+office|on+leave until|for|next",
        "we can|could arrange|schedule|book|find a|an time|appointment|session|meeting|call",
        "we [<lead>] [might|could|can|will|should|would] have another|a|our|a+follow+up session|appointment|meeting|"
        "consultation",
        "call|text|email|ring|phone|contact me at|on|directly|anytime|any+time|tomorrow",
        "i [<lead>] see|can+see|could+see|notice|noticed|sense|hear|can+hear ...4 in|on|from your eyes|face|voice|"
        "expression|body+language",
        "since|when we started|began|first working|meeting|seeing",
        "when|until|next+time|whenever i see you", "i have been thinking about you",
        "last monday|tuesday|wednesday|thursday|friday|saturday|sunday|session|appointment you|we",
    ],
    # A person's own coping habits presented as lived experience.
    "human-habits": [
        "what|something|one+thing|the+thing|a+thing|thing [that|which] "
        "helps|helped|works|worked|has+helped|has+worked|really+helps|really+helped|always+helps [for] me",
        "helps|helped|has+helped me relax|calm|cope|feel|sleep|unwind|focus|reset|ground|manage|switch+off",
        "helps|helped|has+helped me to relax|calm|cope|feel|sleep|unwind|focus|reset|ground|manage|switch+off",
        "works|worked|has+worked|really+works|always+works for me",
        "when|whenever|if i feel|am|get|start+feeling|start+to+feel|am+feeling|feel+myself|catch+myself|was|"
        "was+feeling|notice+myself|find+myself [<lead>] <moods>",
        "when|whenever i catch|notice myself",
        "i [<lead>] <coping>",
        "i [<lead>] get|got [<lead>] <moods>",
        "when|whenever|if i am|was having a [<lead>] bad|rough|hard|tough|difficult|long day|week|night",
        "on my [<lead>] bad|rough|hard|tough|difficult|worst days|day",
        "i [<lead>] feel|felt|am|was|have+been [<lead>] <moods> too|as+well|myself|sometimes|every+time|before",
        "i find it [<lead>] helps|helpful|useful|calming|soothing|relaxing",
        "i find that helps|works",
        "my [<kin-lead>] <inner>",
        "i always|usually|often|normally|personally|sometimes ...4 when|whenever i am|feel|get|was|start|notice",
        "personally i find|go|use",
    ],
}


@dataclass(frozen=True)
class BuiltinRules:
    """The compiled rules, and the words they use (for the output normaliser's vocabulary)."""

    rules: tuple[Rule, ...]
    words: frozenset[str]
    stems: frozenset[str]


@lru_cache(maxsize=1)
def builtin_output_rules() -> BuiltinRules:
    """Compile the rules once per process; a mistake here is a programming error and raises."""
    lists = {name: check_word_list(name, entries) for name, entries in LISTS.items()}
    rules = []
    words: set[str] = set()
    stems: set[str] = set()
    for name, sources in RULES.items():
        patterns = tuple(compile_pattern(source, lists) for source in sources)
        for pattern in patterns:
            words |= pattern.words
            stems |= pattern.stems
        rules.append(Rule(id=RULE_PREFIX + name, patterns=patterns, regex=compile_rule(patterns)))
    return BuiltinRules(tuple(rules), frozenset(words), frozenset(stems))


# Quoted words are the person's own (or a thought being examined), not the assistant speaking about itself:
# double quotes, curly quotes, and straight single quotes that open after a non-letter and close before one
# (so the apostrophes in "I'm" and "don't" are never taken for quotation marks). A quotation may span
# sentences ("“My partner is in a bad mood. It must be something I did.”"), and the rail checks one sentence
# at a time: a double or curly quote opened and not closed runs to the end of the sentence, and the output
# filter tells the next sentence that it starts inside the quotation (`quote_open_after`).
_QUOTED = re.compile(r"\"[^\"\n]{1,300}\"|\u201c[^\u201d\n]{1,300}\u201d|\u2018[^\u2019\n]{1,300}\u2019"
                     r"|(?<![A-Za-z0-9])'(?=[A-Za-z])[^\n]{1,300}?(?<=[A-Za-z.!?,])'(?![A-Za-z0-9])")
_UNCLOSED = re.compile(r"(?:\u201c|\u2018|(?<![A-Za-z0-9])\"(?=\S))[^\"\u201d\u2019\n]{0,600}$")
_CLOSING = re.compile(r"\u201d|\"|\u2019(?![A-Za-z])")  # the mark that ends a quotation opened earlier


def _after_open_quote(text: str, inside: bool) -> str | None:
    """The part of `text` after the quotation it starts inside (all of it when `inside` is False; None when
    the quotation runs on past the end)."""
    if not inside:
        return text
    closing = _CLOSING.search(text)
    return None if closing is None else " , " + text[closing.end():]


def unquoted(text: str, *, inside: bool = False) -> str:
    """`text` with quoted passages removed (each becomes a comma, so no words are joined across it);
    `inside`: the text starts inside a quotation opened in an earlier sentence."""
    rest = _after_open_quote(text, inside)
    if rest is None:
        return " , "
    if not inside and not any(mark in rest for mark in "\"'\u201c\u2018"):
        return text
    return _UNCLOSED.sub(" , ", _QUOTED.sub(" , ", rest))


def quote_open_after(text: str, *, inside: bool = False) -> bool:
    """Whether a quotation is still open at the end of `text` (so the next sentence starts inside it)."""
    rest = _after_open_quote(text, inside)
    if rest is None:
        return True
    if not any(mark in rest for mark in "\"\u201c\u2018"):
        return False
    return _UNCLOSED.search(_QUOTED.sub(" , ", rest)) is not None
