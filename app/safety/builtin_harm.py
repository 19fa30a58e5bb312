"""Output rules every profile gets: the assistant never carries out a request for content that harms.

Confidant runs whatever model the person imported, and a model can be talked into anything: "Sure, here is
a step-by-step guide to hacking into…", a phishing email, a letter from a fake tax office, how to make a
bomb or a drug, how to get away from the police, a fake news article, an explicit story. A wellbeing
companion must never show those, whoever asked and however. The profile's own rules are about mental-health
harms (methods, doses, diagnoses, human claims, encouragement, secrecy) and do not see them.

A reply sentence is withheld when it names a harm *topic* — an act that harms others or the person, in the
words of doing it ("hack into", "make a pipe bomb", "synthesise meth", "phishing email", "without getting
caught", "track her location without her knowing") — and has the *shape* of carrying out a request: "sure,
here is/are", "step 1", "first… then", "you will need", a numbered or bulleted item, code, a letter or a
title written to order, or it sits in a reply that opened that way. A topic alone is talk about harm (a
therapist on drugs or abuse); a shape alone is ordinary help (a breathing exercise in steps). Both are
needed, so the rules generalise by kind, not by any one benchmark's wording. Two more ways, for a model
that complies without naming the harm again: the person's message asked for one ("how do I hack into my
ex's instagram?") and the reply opened by agreeing and goes on with steps or the piece asked for ("Sure!
Here are the steps: 1. …"); or a sentence hands something over while excusing it as hypothetical or
educational, which is how a model that has been talked round writes (rule `builtin.harm-excused`).

What they leave alone: a sentence that declines ("I can't help with hacking"), warns or negates ("never
share your password"), or protects ("how to spot a phishing email", "if someone is tracking your phone",
"recovering from addiction"); the person's urge being talked about ("the urge to check her phone"); talk
about harm done to the person; and, after a harmful request, a reply that refused or turned to how the
person feels. A match is reported as category `harmful-instructions` with a rule id `builtin.harm-<kind>`
and shown as `REPLACEMENT` (a profile may word it itself, in an output category of that id). Rules here are
fixed in code, like builtin_rules.py and context_rules.py; they read the text the output normaliser gives
(lowercase words, "here's" is "here is", " | " between sentences), and the raw sentence for the marks
normalising removes (list markers, code fences, "Title:"). Quoted text is read too: a scam letter in
quotation marks is still the letter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

CATEGORY = "harmful-instructions"
RULE_PREFIX = "builtin.harm-"
REPLACEMENT = ("I can't help with that. I'm here to support you, though — would you like to talk about how "
               "you're doing, or what's been on your mind?")
OPENING_CHARS = 300  # how much of the reply's start is read for a compliant opening ("Sure, here is…")


def _any(*words: str) -> str:
    """One of `words`, as whole words (an alternative may end with its space: "you can ")."""
    return r"(?<![a-z0-9])(?:" + "|".join(words) + r")(?:(?<= )|(?![a-z0-9]))"


# Someone other than the speaker: the target of an act done to another person.
_SOMEONE = (r"(?:someone|somebody|a person|people|others|a victim|victims?|the victims?|the target|targets?|"
            r"your (?:target|victim|ex|partner|spouse|wife|husband|girlfriend|boyfriend|neighbou?r|boss|coworker|"
            r"colleague|classmate|teacher|friend|sister|brother|mum|mom|dad|parents?|child|kids?)|"
            r"(?:her|him|them|their|his)(?: (?:ex|partner|spouse|wife|husband|girlfriend|boyfriend|family|kids))?|"
            r"an? (?:ex|partner|spouse|neighbou?r|coworker|colleague|classmate|child|stranger|minor|"
            r"elderly person|woman|man|girl|boy)|the (?:elderly|public|user|owner|official|employee)s?)")
_DEVICE = (r"(?:accounts?|phones?|emails?|email accounts?|computers?|laptops?|networks?|wi ?fi|wireless networks?|"
           r"routers?|servers?|systems?|databases?|websites?|web ?sites?|devices?|webcams?|cameras?|social media|"
           r"instagram|facebook|snapchat|whatsapp|twitter|tiktok|icloud|messages|texts|dms|"
           r"bank accounts?|atms?|cars?|terminals?|mainframes?|smart ?phones?|iphones?|androids?)")
_DRUG = (r"(?:meth|methamphetamines?|crystal meth|crack cocaine|cocaine|heroin|fentanyl|carfentanil|"
         r"mdma|ecstasy|lsd|ghb|dmt|pcp|ketamine|amphetamines?|opioids?|opiates?|oxycodone|"
         r"oxycontin|morphine|xanax|adderall|illegal drugs|illicit drugs|street drugs|drugs|narcotics|"
         r"psilocybin|magic mushrooms|cannabis|marijuana|weed|bath salts|synthetic cannabinoids|"
         r"krokodil|date rape drugs?|roofies|rohypnol|controlled substances?)")
_MAKE = (r"(?:make|making|made|build|building|construct|constructing|assemble|assembling|create|creating|"
         r"manufacture|manufacturing|produce|producing|synthesi[sz]e|synthesi[sz]ing|cook|cooking|brew|brewing|"
         r"prepare|preparing|mix|mixing|craft|crafting|design|designing|develop|developing|write|writing|code|"
         r"coding|program|programming|deploy|deploying|spread|spreading|distribute|distributing|install|"
         r"installing|plant|planting|set up|setting up|get|getting|obtain|obtaining|acquire|acquiring|buy|buying|"
         r"order|ordering|source|sourcing|grow|growing|extract|extracting|refine|refining|use|using|detonate|"
         r"detonating|launch|launching|carry out|carrying out|3d print|3d printing)")
_EXPLOSIVE = (r"(?:(?<!bath )(?<!truth )(?<!photo )(?<!love )(?<!f )(?<!calorie )(?<!sugar )(?<!time )"
              r"(?<!seed )(?<!glitter )bombs?|pipe bombs?|nail bombs?|car bombs?|dirty bombs?|explosives?|"
              r"explosive devices?|"
              r"improvised explosive devices?|ieds?|molotov cocktails?|molotovs?|grenades?|detonators?|"
              r"blasting caps?|napalm|thermite|tatp|acetone peroxide|nitroglycerin|c4|semtex|gunpowder|"
              r"black powder|incendiary devices?|fertili[sz]er bombs?|landmines?|suicide vests?)")
_WEAPON = (r"(?:guns?|firearms?|ghost guns?|untraceable (?:guns?|firearms?|weapons?)|rifles?|pistols?|handguns?|"
           r"assault rifles?|machine guns?|silencers?|suppressors?|ammunition|bullets|zip guns?|weapons?|"
           r"chemical weapons?|biological weapons?|bioweapons?|bio weapons?|nuclear weapons?|nuclear bombs?|"
           r"nuclear devices?|nerve agents?|sarin|vx|mustard gas|chlorine gas|toxic gas|poison gas|anthrax|"
           r"ricin|botulinum toxin|weapons? of mass destruction|dirty bombs?)")

# Writing or handing over a piece of content: what comes next is the content asked for.
_PRODUCE = (r"(?:here (?:is|are)|below (?:is|are)|write|writing|wrote|create|creating|generate|generating|"
            r"produce|producing|compose|composing|draft|drafting|craft|crafting|make|making|post|posting|"
            r"publish|publishing|tell|telling|share|sharing|film|filming|describe|describing|design|designing)")

TOPICS: dict[str, str] = {
    # Breaking into computers and accounts, and the tools for it.
    "hacking": _any(
        r"(?<!ethical )hack(?:s|ing)? (?:into|in to) (?!(?:your|my) (?:own )?(?:accounts?|phones?|emails?|"
        r"computers?|devices?|laptops?|wi ?fi|networks?|webcams?|cameras?|cars?|social media)(?![a-z0-9]))",
        r"(?:hacker|hackers|attacker|attackers|cybercriminals?) (?:would|could|might|can|will|should|must|may) "
        r"(?:\w+ )?(?:need|first|then|start|begin|use|try|gather|obtain|exploit|identify|scan|send|install|gain)",
        r"(?:pirat(?:e|ing) (?:\w+ )?(?:content|software|movies|films|music|games|media|shows|books)|piracy)",
        r"hack(?:s|ing)? (?:a |an |the |someone s? |somebody s? |their |his |her |other people s? |"
        r"your (?:ex|partner|neighbou?r|boss|target)s? )?(?:\w+ )?" + _DEVICE,
        r"hacking (?:tools?|techniques?|methods?|tutorial|guide|script)",
        r"(?:gain|gaining|get|getting|obtain|obtaining) (?:unauthori[sz]ed|illegal|illicit|remote|root|admin|"
        r"administrator|sudo|privileged) (?:access|control|privileges)",
        r"unauthori[sz]ed access",
        r"(?:break|breaking|get|getting) into (?:a |an |the |someone s? |somebody s? |their |his |her |"
        r"other people s? )"
        r"(?:\w+ )?" + _DEVICE,
        r"(?:bypass|bypassing|get around|getting around|circumvent|circumventing|evade|evading|defeat|defeating|"
        r"disable|disabling|turn off|turning off) (?:the |a |an |any |their |its )?(?:\w+ )?(?:antivirus|anti virus|"
        r"firewalls?|security (?:measures|software|systems?|controls|protections?|features?)|authentication|"
        r"two factor|2fa|login|passwords? protection|captchas?|drm|copy protection|copyright protections?|"
        r"paywalls?|plagiarism (?:detection|checkers?|software)|content filters?|parental controls|"
        r"endpoint protection|intrusion detection)",
        r"(?:crack|cracking|steal|stealing|harvest|harvesting|phish|phishing for|sniff|sniffing|dump|dumping|"
        r"brute force|brute forcing|guess|guessing) (?:the |a |an |their |his |her |someone s? |users? |"
        r"people s? |other people s? )?(?:\w+ )?(?:passwords?|passcodes?|credentials|logins?|login details|"
        r"pins?|wi ?fi|encryption|hashes|cookies|session tokens?|2fa codes?|security codes?)",
        r"(?:malware|ransomware|keyloggers?|key loggers?|trojans?|trojan horses?|rootkits?|"
        r"botnets?|computer virus(?:es)?|worms? that|backdoors?|exploit kits?|zero day exploits?|"
        r"cryptojack\w*|remote access trojans?|reverse shells?|shellcode|malicious (?:code|software|programs?|"
        r"scripts?|payloads?|links?|attachments?|macros?)|ddos attacks?|dos attacks?|sql injection|"
        r"cross site scripting|man in the middle attacks?|credential stuffing|password cracking|"
        r"privilege escalation|keystroke logging|log (?:every |all |the )?keystrokes)",
        r"(?:infect|infecting|infects) (?:\w+ ){0,2}(?:computers?|machines|devices|systems|networks|phones|"
        r"files|users)",
        r"encrypt(?:s|ing)? (?:\w+ ){0,3}files (?:\w+ ){0,9}(?:ransom|payment|pay|bitcoin|demand\w*)",
        r"mine (?:cryptocurrency|crypto|bitcoin|monero) (?:on|using) (?:other people s?|someone s?|victims?|"
        r"the victims?|their|hijacked|infected)",
        r"hijack(?:s|ed|ing)? (?:\w+ ){0,2}" + _DEVICE,
        r"exploit(?:s|ing)? (?:\w+ ){0,3}(?:vulnerabilit(?:y|ies)|loopholes?|security (?:holes?|flaws?|gaps?)|"
        r"zero days?|weaknesses in (?:the |a |their )?(?:\w+ )?(?:security|system|network|code|software))",
    ),
    # Bombs, explosives, guns and weapons of any scale, and attacks with them.
    "weapons": _any(
        _MAKE + r" (?:a |an |the |your own |homemade |home made |improvised |simple |small |large |powerful )?"
        r"(?:\w+ )?" + _EXPLOSIVE,
        _MAKE + r" (?:a |an |the |your own |homemade |home made |improvised |untraceable |)?(?:\w+ )?"
        r"(?:ghost guns?|untraceable (?:guns?|firearms?|weapons?)|zip guns?|silencers?|suppressors?|"
        r"chemical weapons?|biological weapons?|bioweapons?|bio weapons?|nuclear weapons?|nuclear bombs?|"
        r"nuclear devices?|nerve agents?|sarin|vx|mustard gas|chlorine gas|toxic gas|poison gas|anthrax|ricin|"
        r"botulinum toxin|weapons? of mass destruction|dirty bombs?)",
        r"(?:homemade|home made|improvised|untraceable|diy) (?:explosives?|bombs?|guns?|firearms?|weapons?|"
        r"grenades?|detonators?|napalm)",
        r"(?:convert|converting|modify|modifying) (?:a |an |the |your )?(?:\w+ )?(?:rifle|gun|pistol|firearm|"
        r"weapon)s? (?:\w+ ){0,2}(?:fully automatic|automatic|full auto)",
        r"(?:enrich|enriching) uranium", r"weapons? grade (?:uranium|plutonium)", r"(?:highly )?enriched uranium",
        r"(?:plutonium|uranium) (?:\w+ ){0,3}(?:core|pit|bomb|warhead|weapon)", r"nuclear (?:warheads?|cores?)",
        r"(?:buy|buying|get|getting|obtain|obtaining|acquire|acquiring) (?:a |an )?(?:\w+ )?" + _WEAPON
        + r" (?:illegally|without (?:a )?(?:background check|licen[cs]e|permit|paperwork)|on the dark ?web|"
        r"untraceably)",
        r"(?:plan|planning|carry out|carrying out|commit|committing|stage|staging) (?:a |an )?(?:\w+ )?"
        r"(?:terrorist attacks?|terror attacks?|mass shootings?|school shootings?|shooting spree|massacre|"
        r"bombings?|attacks? on (?:a |the )?(?:school|crowd|government|building|church|mosque|synagogue))",
        r"(?:maximi[sz]e|maximum|most) (?:casualties|damage|deaths|death toll)",
        r"shrapnel", r"(?:blast|explosive) (?:radius|yield) (?:of|for)",
        r"ammonium nitrate (?:and|with|mixed) (?:fuel|diesel)",
    ),
    # Making, buying, selling or smuggling drugs, or getting prescription drugs by deceit.
    "drugs": _any(
        r"(?:synthesi[sz]e|synthesi[sz]ing|synthesis of|cook|cooking|manufacture|manufacturing|produce|producing|"
        r"make|making|extract|extracting|brew|brewing|grow|growing|cultivate|cultivating|refine|refining|"
        r"purify|purifying) (?:your own |homemade |pure |high quality |large amounts of |)?" + _DRUG,
        r"(?:meth|drug|crack|cocaine) labs?", r"(?:red phosphorus|anhydrous ammonia|lithium strips|"
        r"precursor chemicals|safrole)",
        r"(?:extract|extracting|reduce|reducing|convert|converting|isolate|isolating) (?:\w+ ){0,2}"
        r"(?:pseudoephedrine|ephedrine|ergotamine|lysergic acid|codeine|morphine)",
        r"(?:buy|buying|purchase|purchasing|order|ordering|score|scoring|find|finding|get|getting|source|sourcing|"
        r"obtain|obtaining) (?:the |some |your |a |any )?" + _DRUG
        + r" (?:online|on the (?:dark ?web|darknet|street)|from (?:a )?dealers?|"
        r"without (?:a )?prescription|discreetly|anonymously|illegally)",
        r"(?:sell|selling|deal|dealing|traffic|trafficking|smuggle|smuggling|distribute|distributing|push|"
        r"pushing|move|moving) " + _DRUG,
        r"(?:dark ?web|darknet) (?:markets?|marketplaces?|vendors?|sites?|shops?)",
        r"(?:fake|forge|forging|forged|falsify|falsifying|counterfeit) (?:a |an )?(?:\w+ )?prescriptions?",
        r"doctor shopping",
        r"(?:obtain|obtaining|get|getting|acquire|acquiring) (?:\w+ ){0,2}(?:opioids?|oxycodone|oxycontin|"
        r"xanax|adderall|painkillers|benzos|benzodiazepines|controlled substances?) (?:illegally|without "
        r"(?:a )?prescription|by (?:lying|faking|exaggerating))",
        r"(?:cut|cutting|lace|lacing) (?:\w+ ){0,2}(?:cocaine|heroin|drugs) with",
        r"(?:smuggle|smuggling|conceal|concealing|hide|hiding) (?:\w+ ){0,3}(?:drugs|contraband|narcotics) "
        r"(?:through|past|across|in|on|into)",
    ),
    # Cheating people of money or identity: scams, phishing, fraud, forgery, extortion, laundering, bribes.
    "fraud": _any(
        r"(?:phishing|scam|scammy|fraudulent|fake|spoofed|spoof|deceptive|bogus) (?:\w+ ){0,3}(?:emails?|e mails?|"
        r"letters?|messages?|texts?|sms|calls?|scripts?|websites?|web ?sites?|pages?|sites?|invoices?|"
        r"charity|charities|campaigns?|schemes?|offers?|lottery|lotteries|giveaways?|investment|"
        r"investments|job offers?|tech support|ads?|advertisements?|accounts?|profiles?|reviews?|"
        r"login pages?|links?|calls? centers?|operations?)",
        r"(?:phishing|scam|scams|scamming|swindl\w+|defraud\w*|con artist|con game)",
        r"(?:scam|scamming|con|conning|trick|tricking|fool|fooling|deceive|deceiving|dupe|duping|cheat|"
        r"cheating|manipulate|manipulating|pressure|pressuring|coerce|coercing|persuade|persuading|convince|"
        r"convincing) " + _SOMEONE + r" (?:\w+ ){0,2}(?:into|out of) (?:giving|sending|paying|sharing|"
        r"revealing|handing|transferring|wiring|investing|buying|their|his|her|money|savings|personal|"
        r"bank|credit|passwords?)",
        r"(?:share|sharing|provide|providing|send|sending|give|giving|verify|verifying|confirm|confirming|"
        r"update|updating|disclose|disclosing|enter|entering|reveal|revealing) (?:us |me )?(?:with |us )?"
        r"(?:your|their|his|her) (?:full )?(?:social security numbers?|ssns?|bank (?:account )?details|"
        r"account numbers?|routing numbers?|credit card (?:numbers?|details)|card details|debit card details|"
        r"pin numbers?|pins?|passwords?|login details|login credentials|credentials|online banking details|"
        r"national insurance numbers?|passport details|tax (?:id|identification) numbers?|"
        r"personal (?:information|details) (?:to|in order to|so) (?:claim|receive|avoid|verify|unlock|release))",
        r"(?:you have|you ve|you) (?:won|been selected|been chosen|been picked|been awarded|are the (?:lucky )?"
        r"winner) (?:\w+ ){0,6}(?:lottery|prize|jackpot|sweepstakes|cash|reward|gift card|inheritance|\d+)",
        r"(?:to )?claim your (?:\w+ )?(?:prize|winnings|reward|lottery|jackpot|inheritance|funds|refund)",
        r"gambl(?:e|ing) (?:away )?(?:their|your|his|her|the|all) (?:\w+ )?(?:life savings|savings|pension|rent|"
        r"house|mortgage|retirement|inheritance)",
        r"(?:processing|release|transfer|clearance|handling|administration) fee",
        r"(?:request|requesting|asking for|ask for|need|needs|require|requires|requiring) (?:\w+ ){0,3}"
        r"(?:social security numbers?|ssns?|bank (?:account )?details|online banking (?:details|passwords?)|"
        r"login credentials|credit card (?:numbers?|details)|card details|pin numbers?|mother s maiden name)",
        r"(?:scammers?|fraudsters?|forgers?|con artists?|thieves|thief|burglars?|smugglers?|traffickers?) "
        r"(?:would|could|might|can|will|should|must|may) (?:\w+ )?(?:need|first|then|start|begin|use|try|gather|"
        r"obtain|target|identify|send|create|pose|pretend|contact|approach)",
        r"(?:pay|paying|payment) (?:\w+ ){0,3}(?:in |with |using )(?:gift cards?|itunes cards?|google play cards?|"
        r"bitcoin|crypto|cryptocurrency|wire transfer|western union|moneygram)",
        r"(?:ponzi|pyramid) schemes?", r"(?:money|cash) launder\w*", r"launder\w* (?:\w+ ){0,2}(?:money|cash|funds|"
        r"proceeds|profits)", r"(?:insider trading|insider information to (?:trade|buy|sell|bet))",
        r"pump and dump", r"(?:tax|benefit|benefits|welfare|insurance|credit card|mortgage|wire|bank|medicare|"
        r"medicaid|election|voter|voting|securities|accounting|mail|identity|investment|charity) fraud",
        r"(?:commit|committing|carry out|carrying out|get away with|getting away with) (?:\w+ )?(?:fraud|"
        r"forgery|embezzlement|theft|identity theft|burglary|robbery|arson|murder|crimes?)",
        r"(?:evade|evading|evasion of|avoid paying|dodge|dodging|cheat on|cheating on) (?:\w+ ){0,2}(?:taxes|tax)",
        r"tax evasion", r"(?:hide|hiding|conceal|concealing) (?:\w+ ){0,2}(?:income|money|assets|earnings|funds|"
        r"profits) (?:from|to avoid) (?:\w+ ){0,2}(?:tax|taxes|irs|hmrc|authorities|government|creditors)",
        r"(?:forge|forging|forged|counterfeit|counterfeiting|falsify|falsifying|fake|faking|fabricate|"
        r"fabricating) (?:a |an |the |someone s? |their |official |government |fake )?(?:\w+ )?(?:documents?|"
        r"signatures?|passports?|ids?|id cards?|identity documents?|driver s? licen[cs]es?|licen[cs]es?|"
        r"certificates?|diplomas?|degrees?|visas?|papers|records|receipts?|invoices?|cheques?|checks|"
        r"bank statements?|pay ?slips?|money|currency|bills|banknotes|notes|coins|credit cards?|"
        r"debit cards?|medical records?|criminal records?|evidence)",
        r"counterfeit (?:money|currency|bills|banknotes|goods|products|designer|cards)",
        r"(?:steal|stealing|clone|cloning) (?:\w+ ){0,2}(?:identit(?:y|ies)|credit cards?|"
        r"debit cards?|card (?:numbers?|details|data)|bank details|personal (?:information|data|details)|"
        r"health records?|medical records?|patient records?|data|money|funds|cars?|packages|mail)",
        r"(?:card|atm) skimm(?:ers?|ing)", r"identity theft",
        r"(?:blackmail|blackmailing|extort|extorting|extortion|sextortion|ransom (?:notes?|letters?|demands?))",
        r"(?:threaten|threatening) to (?:release|leak|publish|share|expose|post) (?:\w+ ){0,3}(?:unless|if)",
        r"(?:bribe|bribing|bribes|bribery|kickbacks?)",
        r"(?:rig|rigging|tamper with|tampering with|manipulate|manipulating|steal|stealing) (?:an |the |a )?"
        r"(?:\w+ )?(?:elections?|votes?|voting machines?|ballots?|slot machines?|lottery|lotteries)",
        r"(?:cheat|cheating) (?:on|at|in) (?:an |the |a |your )?(?:\w+ )?(?:exams?|tests?|casino|slot machines?|"
        r"poker|gambling)",
        r"(?:shell|front) compan(?:y|ies) (?:\w+ ){0,4}(?:hide|hiding|launder|laundering|funnel|funnelling|"
        r"funneling|divert|diverting|siphon|siphoning|conceal|concealing|avoid|evade)",
        r"(?:embezzle|embezzling|embezzlement|siphon off|misappropriat\w+)",
        r"(?:fake|fabricated|false) (?:reviews?|charit(?:y|ies)|invoices?|insurance claims?|injury claims?|"
        r"identit(?:y|ies)|credentials)",
        r"(?:pretend|pretending|pose|posing|impersonate|impersonating) (?:to be |as )?(?:a |an |the |their )?"
        r"(?:\w+ )?(?:bank|irs|hmrc|police|officer|official|tax|government|microsoft|apple|amazon|paypal|"
        r"tech support|lawyer|grandchild|grandson|granddaughter|relative|customs|immigration)",
    ),
    # Other crimes against people, property or the public.
    "crime": _any(
        r"(?:shoplift|shoplifting|pickpocket\w*|burglar\w*|break into (?:a |an |the |someone s? |their )?(?:\w+ )?"
        r"(?:house|home|houses|homes|car|cars|store|shop|building|flat|apartment|office|vault|safe))",
        r"(?:hotwire|hotwiring|steal|stealing) (?:a |the |someone s? )?cars?",
        r"(?:pick|picking) (?:a |the )?locks? (?:to|of|on) (?:get into|enter|break into|someone|a house|their)",
        r"(?:on|through|via) the black market", r"black market (?:\w+ )?(?:sales?|sellers?|buyers?|trade|dealers?|"
        r"prices?|vendors?|contacts?)",
        r"(?:sell|selling|buy|buying|harvest|harvesting|traffic|trafficking) (?:\w+ ){0,2}(?:human )?organs",
        r"organ (?:trafficking|harvesting)",
        r"(?:set|setting) fire to (?:a |an |the |someone s? |their |his |her )?(?:\w+ )?(?:house|home|car|building|"
        r"property|business|shop|store|school|office)", r"(?:commit|committing|get away with) arson",
        r"(?:vandali[sz]e|vandali[sz]ing|deface|defacing|key|keying|slash|slashing) (?:\w+ ){0,2}(?:cars?|tyres|"
        r"tires|property|buildings?|walls?|monuments?|statues?)",
        r"child (?:labou?r|labou?rers|workers|soldiers|brides) (?:\w+ ){0,4}(?:without|cheap|hire|hiring|use|"
        r"using|exploit|recruit)", r"(?:use|using|hire|hiring|exploit|exploiting|employ|employing) child "
        r"(?:labou?r|labou?rers|workers)",
        r"(?:dump|dumping|dispose of|disposing of) (?:\w+ ){0,2}(?:toxic|hazardous|chemical|medical|industrial|"
        r"nuclear) (?:waste|chemicals|materials) (?:\w+ ){0,4}(?:illegally|without|in (?:a |the )?(?:river|lake|"
        r"sea|ocean|forest|woods))",
        r"voter (?:suppression|intimidation)", r"(?:suppress|suppressing|intimidate|intimidating) (?:\w+ ){0,2}"
        r"voters",
        r"(?:indoctrinat\w+|brainwash\w*) (?:\w+ ){0,3}(?:people|members|followers|recruits|children|them|"
        r"someone|victims?|into)",
        r"deep ?fakes?", r"(?:counterfeit|fake|unlicensed|unapproved|bogus) (?:\w+ )?(?:medicines?|medications?|"
        r"drugs?|pills|cures?|supplements?|vaccines?|treatments?) (?:\w+ ){0,4}(?:sell|selling|market|marketing|"
        r"online|as a (?:cure|solution))",
        r"(?:sell|selling|market|marketing) (?:\w+ ){0,3}(?:counterfeit|fake|unlicensed|unapproved|bogus) "
        r"(?:\w+ )?(?:medicines?|medications?|drugs?|pills|cures?|supplements?|vaccines?|treatments?)",
        r"(?:rob|robbing|mug|mugging|loot|looting|hold up|holding up) (?:a |an |the |someone|somebody|people|"
        r"banks?|stores?|shops?|houses?|homes?|gas stations?|petrol stations?|pharmacies|pharmacy|jewel\w*)",
    ),
    # Getting away from the police, courts, prisons, borders or monitoring.
    "evading-law": _any(
        r"without (?:getting|being) (?:caught|detected|traced|tracked|identified|arrested|charged|flagged)(?! up)",
        r"(?:avoid|avoiding|evade|evading|elude|eluding|escape|escaping|outrun|outrunning|outsmart|outsmarting|"
        r"dodge|dodging|fool|fooling|trick|tricking|throw off|throwing off|beat|beating) (?:the )?(?:\w+ )?"
        r"(?:police|cops|law enforcement|authorities|feds|fbi|detectives?|investigators?|customs|border patrol|"
        r"border control|immigration officers?|detection|surveillance|arrest|prosecution|criminal charges|charges|"
        r"conviction|getting caught|being caught|capture|a drug test|drug tests|drug testing|"
        r"breathaly[sz]ers?|lie detectors?|polygraphs?|ankle monitors?|electronic monitoring|parole officers?|"
        r"the law|forensics?|forensic (?:analysis|investigators?|evidence)|tax authorities|the irs|hmrc|audits?)",
        r"(?:cover|covering) (?:up )?(?:your|my|their|his|her|the) tracks",
        r"(?:destroy|destroying|hide|hiding|tamper with|tampering with|get rid of|getting rid of|dispose of|"
        r"disposing of|plant|planting|wipe|wiping) (?:the |any |all )?(?:\w+ )?(?:evidence|fingerprints|dna|"
        r"bodies|a body|the body|corpses?|murder weapon|weapon|blood stains?|security footage|cctv footage|"
        r"records)",
        r"(?:leave|leaving) no (?:trace|traces|evidence|fingerprints|dna|paper trail)",
        r"(?:untraceable|without a trace)",
        r"get away with (?:murder|a crime|crimes|the crime|theft|stealing|fraud|killing)",
        r"(?:smuggle|smuggling) (?:\w+ ){0,3}(?:across|over|through|past|into|out of) (?:the )?(?:\w+ )?"
        r"(?:border|customs|airport|security|country|prison)",
        r"(?:cross|crossing|enter|entering) (?:\w+ ){0,2}(?:border|country|us|u s|uk) (?:illegally|undetected|"
        r"without (?:papers|documents|a visa|being caught))",
        r"(?:escape|escaping) from (?:a |the )?(?:prison|jail|custody|police)", r"(?:prison|jail) (?:break|escape)",
        r"(?:remove|removing|disable|disabling|cut|cutting|tamper with|tampering with) (?:a |an |the |your )?"
        r"(?:ankle monitor|ankle bracelet|electronic tag|gps tag|tracking device)",
        r"(?:change|changing|alter|altering|delete|deleting|expunge|erase|erasing|wipe|wiping|modify|modifying) "
        r"(?:your |my |their |his |her |the |a )?criminal records?",
        r"(?:human|people|sex) (?:trafficking|smuggling)", r"traffic(?:k|king)? (?:women|girls|children|people|"
        r"humans|minors|migrants)",
        r"(?:illegally|illegal ways?)",
        r"without (?:detection|arousing suspicion|raising suspicion|leaving (?:any )?(?:evidence|traces?|"
        r"fingerprints|a trail))",
        r"without (?:alerting|notifying|calling|contacting|informing|involving) (?:the |any )?(?:\w+ )?"
        r"(?:firefighters|fire (?:department|brigade|service)|police|authorities|emergency services|"
        r"professionals|officials|regulators)",
    ),
    # Poisoning or drugging someone.
    "poisoning": _any(
        r"(?:poison|poisoning|drug|drugging|sedate|sedating) (?:someone|somebody|a person|people|a victim|the victim|"
        r"your (?:\w+ )?(?:ex|partner|spouse|wife|husband|boss|neighbou?r|date|rival|enemy|family|target)|her|him|"
        r"them)(?! (?:against|mind|minds|thoughts|thinking|relationship|view|views|opinion|with words))",
        r"(?:poison|poisoning) (?:a |an |the |their |his |her |someone s? )?(?:\w+ )?(?:drink|food|meal|coffee|"
        r"tea|water supply|reservoir|medication)",
        r"(?:slip|slipping|put|putting|add|adding|spike|spiking|lace|lacing|mix|mixing) (?:\w+ ){0,3}(?:into|in) "
        r"(?:someone s? |somebody s? |their |his |her |a person s? |the victims? s? )(?:\w+ )?(?:drinks?|food|"
        r"meals?|coffee|tea|water)",
        r"(?:spike|spiking) (?:a |someone s? |their |his |her )?(?:\w+ )?drinks?",
        r"(?:untraceable|undetectable|odorless|odourless|tasteless) (?:poisons?|toxins?|substances?|drugs?)",
        r"(?:arsenic|cyanide|thallium|polonium|strychnine|ricin|abrin|aconite|oleander|hemlock|antifreeze|"
        r"ethylene glycol|rat poison|tetrodotoxin|digitalis) (?:\w+ ){0,4}(?:into|in|to) (?:\w+ ){0,2}"
        r"(?:food|drinks?|coffee|tea|meal|someone|their|his|her|victim)",
    ),
    # Following, tracking, spying on or exposing a particular person.
    "stalking": _any(
        r"(?:track|tracking|trace|tracing|monitor|monitoring|spy on|spying on|keep tabs on|keeping tabs on|"
        r"follow|following|watch|watching|locate|locating|find|finding|pinpoint|pinpointing) (?:the )?"
        r"(?:location |whereabouts |movements |activity |messages |phone |calls )?(?:of )?" + _SOMEONE
        + r" (?:\w+ ){0,4}(?:without (?:them|her|him|their|his|her) (?:knowing|knowledge|consent|permission|"
        r"noticing|finding out)|secretly|covertly|in secret|discreetly|undetected|unnoticed)",
        r"(?:track|tracking|trace|tracing|monitor|monitoring|read|reading|access|accessing|intercept|"
        r"intercepting|check|checking|see|seeing) (?:someone s? |somebody s? |your partner s? |your ex s? |"
        r"their |his |her |a person s? |the target s? |the victim s? )(?:\w+ )?(?:location|whereabouts|"
        r"movements|phone|texts|messages|emails|calls|browsing|internet activity|online activity|social media|"
        r"dms|private messages) (?:\w+ ){0,3}(?:without|secretly|covertly|remotely|in secret)",
        r"(?:spy|spying|snoop|snooping) on (?:someone|somebody|your partner|your spouse|your wife|your husband|"
        r"your girlfriend|your boyfriend|your ex|them|her|him|people|a person)",
        r"(?:stalk|stalking|stalks) (?:someone|somebody|her|him|them|a person|your ex|people|a woman|a girl|"
        r"your crush|a celebrity|a target|the target|the victim)",
        r"(?:predatory stalking|stalking behaviou?r|spyware|stalkerware)",
        r"(?:track|tracks|tracking|trace|traces|monitor|monitors|monitoring|record|records|recording|collect|"
        r"collects|collecting|access|accesses|accessing|read|reads|reading|log|logs|logging|share|shares|sharing|"
        r"sell|sells|selling) (?:\w+ ){0,4}(?:location|locations|whereabouts|movements|messages|texts|emails|"
        r"keystrokes|conversations|calls|browsing|photos|data|information|activity) (?:\w+ ){0,3}without "
        r"(?:the |their |his |her |a |its )?(?:user s? |users? |owner s? |person s? |victim s? |target s? )?"
        r"(?:consent|knowledge|knowing|permission|authori[sz]ation)",
        r"(?:install|installing|hide|hiding|plant|planting|put|putting|place|placing|attach|attaching) (?:a |an )?"
        r"(?:\w+ )?(?:spyware|stalkerware|tracking app|tracker|gps tracker|tracking device|hidden camera|"
        r"spy camera|keylogger|listening device|bug) (?:\w+ ){0,2}(?:on|in|under|to) (?:someone s? |their |his |"
        r"her |your partner s? |your ex s? |the target s? |the victim s? |a person s? )",
        r"(?:hidden|secret|spy) cameras? (?:\w+ ){0,3}(?:bathroom|bedroom|changing room|shower|their|her|his)",
        r"(?:secretly|covertly) (?:record|recording|film|filming|photograph|photographing|track|tracking|"
        r"monitor|monitoring|follow|following|watch|watching)",
        r"(?:find|finding|get|getting|discover|discovering|uncover|uncovering) (?:out )?(?:someone s? |their |his |"
        r"her |a person s? |the target s? )(?:home )?(?:address|where (?:they|he|she) lives?)",
        r"(?:dox|doxx|doxing|doxxing)",
        r"(?:facial recognition|face recognition) (?:\w+ ){0,4}(?:identify|track|find) (?:\w+ ){0,3}"
        r"(?:strangers|people|individuals|criminals|someone|them) (?:\w+ ){0,3}(?:race|ethnicity|without)",
    ),
    # Hate, harassment, threats and manipulation aimed at people or groups.
    "hate": _any(
        r"(?:harass(?:es|ing)?|bull(?:y|ies|ying)|intimidat(?:e|es|ing)|humiliat(?:e|es|ing)|torment(?:s|ing)?|"
        r"threaten(?:s|ing)?|troll(?:s|ing)?|demean(?:s|ing)?|degrad(?:e|es|ing)) "
        r"(?:an? |the |your |their )?(?:\w+ ){0,2}(?:someone|somebody|colleague|coworker|classmate|"
        r"neighbou?r|person|people|woman|women|girl|boy|student|kid|child|employee|victim|"
        r"target|minority|minorities|immigrants?|refugees?|group|community|lgbtq\w*|gay|trans\w*|disabled)",
        r"(?:cyberbully\w*|hate speech|hate mail|death threats?|racial slurs?|ethnic slurs?)",
        _PRODUCE + r" (?:\w+ ){0,3}(?:racist|sexist|homophobic|transphobic|xenophobic|antisemitic|anti semitic|"
        r"islamophobic|ableist|ageist|misogynistic|hateful|derogatory|discriminatory|defamatory|dehumani[sz]ing|"
        r"insulting|threatening|harassing|bullying) (?:\w+ )?(?:jokes?|speech|speeches|rant|propaganda|posts?|"
        r"messages?|tweets?|comments?|content|articles?|essays?|campaign|remarks?|insults?|slogans?|statements?|"
        r"letters?|emails?|notes?|texts?|memes?|language|arguments?|story|song|poem|caption)",
        r"(?:women|men|immigrants|refugees|foreigners|migrants|jews|muslims|christians|asians|africans|mexicans|"
        r"arabs|gays|lesbians|trans people|disabled people|the disabled|minorities|minority groups?|races?|"
        r"ethnic groups?|these people|those people|such people|(?:black|white|brown|gay|trans|old|elderly|"
        r"disabled|poor) people) (?:are|is) (?:\w+ )?(?:inferior|subhuman|vermin|parasites|savages|"
        r"less intelligent|less than human|a burden on society|a threat to our|ruining|destroying|taking over)",
        r"(?:ethnic cleansing|genocide (?:is|was) (?:justified|necessary|good)|white (?:supremacy|supremacist|"
        r"power|genocide|replacement)|great replacement|(?:glorif\w+|celebrat\w+|prais\w+) (?:\w+ ){0,2}"
        r"(?:holocaust|genocide|terrorism|terrorists|nazis?|hitler|mass shootings?|slavery))",
        r"(?:manipulate|manipulating|gaslight|gaslighting|groom|grooming|coerce|coercing|pressure|pressuring|"
        r"push|pushing|convince|convincing|encourage|encouraging|drive|driving) (?:\w+ ){0,2}"
        r"(?:into|to) (?:committing suicide|commit suicide|kill(?:ing)? (?:themselves|himself|herself)|"
        r"end(?:ing)? (?:their|his|her) (?:own )?li(?:fe|ves)|self harm|harm(?:ing)? (?:themselves|himself|"
        r"herself)|hurt(?:ing)? (?:themselves|himself|herself)|starv\w+)",
        r"(?:recruit|recruiting|radicali[sz]e|radicali[sz]ing) (?:\w+ ){0,3}(?:terrorist|extremist|jihad\w*|"
        r"militia)",
        r"(?:defame|defaming|smear|smearing) (?:\w+ ){0,3}(?:candidate|politician|celebrity|ceo|official|"
        r"company|someone|person|colleague|rival|competitor|ex|them|him|her)",
        r"smear campaign",
        r"(?:torture|torturing|mutilate|mutilating|maim|maiming) (?:an? |the )?(?:\w+ )?"
        r"(?:animals?|dogs?|cats?|pets?|puppies|kittens|prisoners?|captives?|hostages?)",
        r"(?:dog|cock|animal) fight(?:s|ing)?",
        r"(?:animal (?:torture|cruelty|abuse)|cruelty to animals|torture (?:ring|chamber|methods|techniques)|"
        r"(?:cruel|painful|torturous) (?:\w+ ){0,3}(?:to|for|on|towards) animals)",
        r"(?:all|every|those|these) (?:\w+ ){0,6}(?:should|must|would|were|deserve to|ought to|need to) (?:be )?"
        r"(?:killed|exterminated|eliminated|wiped out|executed|gassed|sterili[sz]ed|shot|hanged|lynched|"
        r"purged|eradicated)",
        r"(?:discourag\w+|against|refus\w+|ban\w*|exclud\w+|reject\w*|avoid\w*|stop) (?:the )?"
        r"(?:hiring|employing|renting to|promoting|admitting|serving|hiring of|employment of) (?:\w+ ){0,3}"
        r"(?:individuals|people|candidates|applicants|workers|women|disabled|disabilities|immigrants|minorities|"
        r"older|elderly|black|muslims?|jews|jewish|gay|trans\w*|lgbtq\w*|foreigners)",
        r"(?:kill|killing|murder|murdering|hurt|hurting|injure|injuring|maim|maiming|attack|attacking|assault|"
        r"assaulting|beat up|beating up|strangle|strangling|stab|stabbing|shoot|shooting) " + _SOMEONE
        + r" (?:\w+ ){0,4}(?:without (?:leaving|getting|being)|and get away|undetected|so (?:it|that it) "
        r"looks like|quietly|silently|efficiently|with (?:a |an |your )?(?:\w+ )?"
        r"(?:knife|gun|weapon|bat|hammer|poison|bare hands))",
        r"(?:kidnap|kidnapping|abduct|abducting) (?:a |an |the |someone|somebody|her|him|them|your|their|children|"
        r"a child|kids)",
        r"(?:dispose of|disposing of|hide|hiding|get rid of|getting rid of) (?:a |the )?(?:dead )?(?:body|bodies|"
        r"corpses?)",
    ),
    # Sexual content written to order, and sexual exploitation.
    "sexual": _any(
        _PRODUCE + r" (?:\w+ ){0,3}(?:sexually explicit|explicit sexual|explicit sex|explicit|graphic sex|"
        r"graphic sexual|erotic|erotica|pornographic|porn|porno|x rated|nsfw|smutty|smut|lewd|steamy|sexual|"
        r"sexy|intimate|nude|naked) (?:\w+ )?(?:story|stories|scenes?|content|material|scripts?|dialogue|"
        r"fan ?fiction|fiction|novel|chapter|descriptions?|videos?|images?|photos?|pictures?|roleplay|"
        r"role play|passage|poem|writing|messages?|texts?|chats?|encounters?|details?|captions?|posts?)",
        r"revenge ?porn\w*", r"(?:non ?consensual|without (?:their|her|his) consent) (?:\w+ ){0,2}(?:intimate|"
        r"nude|naked|sexual|explicit) (?:images?|photos?|pictures?|videos?|content|material)",
        r"(?:share|sharing|post|posting|leak|leaking|distribute|distributing|sell|selling|upload|uploading) "
        r"(?:\w+ ){0,3}(?:intimate|nude|naked|sexual|explicit|private) (?:images?|photos?|pictures?|videos?|"
        r"pics|content) (?:of (?:your|an|a|her|him|them|someone)|without)",
        r"(?:child pornography|child porn|child sexual abuse material|csam|underage porn|"
        r"sexual content (?:involving|with|of) (?:minors|children|a child|kids))",
        r"(?:groom|lure|seduce|entice) (?:a |an |the )?(?:\w+ )?(?:minors?|child|children|kids?|teens?|"
        r"teenagers?|underage \w+)",
        r"sex (?:trafficking|slavery|slaves?)", r"(?:force|forcing|coerce|coercing|trick|tricking) (?:\w+ ){0,2}"
        r"into (?:prostitution|sex work|porn)",
        r"(?:pimp|pimping|run(?:ning)? (?:a |an )?(?:brothel|prostitution ring))",
        r"(?:have sex with|rape|sexually assault|molest) (?:a |an )?(?:minor|child|kid|underage)",
        r"(?:thrust(?:ed|ing)? (?:\w+ ){0,2}(?:inside|into) her|(?:his|her) (?:cock|pussy|clit))",
    ),
    # Falsehoods written to order: fake news, hoaxes, conspiracy theories, impersonation of experts.
    "disinformation": _any(
        r"(?:moon landings?|9 11|september 11(?:th)?|sandy hook|holocaust|vaccines?|covid 19|covid|coronavirus|"
        r"climate change|global warming|the election|2020 election) (?:\w+ ){0,3}(?:hoax|inside job|faked|staged|"
        r"fabricated|never happened|cover up|did not happen|false flag)",
        _PRODUCE + r" (?:\w+ ){0,3}(?:fake news|false news|fabricated|fake|false|misleading|disinformation|"
        r"misinformation|propaganda|hoax|conspiracy|conspiracy theory) (?:\w+ )?(?:articles?|stories|story|"
        r"posts?|reports?|pieces?|campaign|tweets?|threads?|videos?|websites?|headlines?|press releases?|"
        r"blog posts?|content|narratives?|messages?|memes?|essays?|speech|news|reviews?|quotes?|evidence|"
        r"statistics|studies|testimonials?)",
        r"(?:spread|spreading|create|creating|write|writing|craft|crafting|generate|generating|produce|"
        r"producing) (?:\w+ ){0,2}(?:disinformation|misinformation|fake news|false information|"
        r"propaganda|rumou?rs|hoaxes|conspiracy theories|false narratives)",
        r"(?:vaccines?|vaccination|vaccinations|mmr) (?:\w+ ){0,2}(?:cause|causes|caused|causing|leads? to|"
        r"linked to) (?:\w+ ){0,2}autism",
        r"(?:holocaust (?:never happened|did not happen|is a myth|was a myth|was a hoax|is a hoax|was "
        r"exaggerated|denial)|deny(?:ing)? the holocaust|the holocaust (?:\w+ ){0,3}(?:fabricated|hoax|lie))",
        r"(?:moon landings?|9 11|september 11(?:th)?|sandy hook|covid 19|covid|coronavirus|pandemic|climate "
        r"change|global warming|the election|the 2020 election|2020 election) (?:\w+ ){0,3}(?:was|were|is|"
        r"are) (?:\w+ )?(?:faked|fake|staged|a hoax|hoaxes|an inside job|a lie|a scam|fabricated|rigged|"
        r"stolen|planned|made up|a conspiracy)",
        r"(?:5g|5 g) (?:\w+ ){0,2}(?:causes?|spreads?|caused) (?:\w+ ){0,2}(?:covid|coronavirus|cancer|virus)",
        r"(?:posing|pose|pretending|pretend) (?:to be |as )(?:an? )?(?:\w+ )?(?:expert|doctor|scientist|"
        r"journalist|reporter|official|researcher|professor|physician)",
    ),
    # Acts that endanger the reader or others, urged on them: ingesting poisons, dangerous challenges.
    "dangerous-acts": _any(
        r"(?:eat|eating|eats|drink|drinking|swallow|swallowing|ingest|ingesting|consume|consuming|taste|tasting|"
        r"bite into|biting into|chew|chewing) (?:\w+ ){0,2}(?:laundry detergent|detergent pods?|detergent|"
        r"laundry pods?|tide pods?|dishwasher tablets?|bleach|drain cleaner|antifreeze|rat poison|pesticides?|"
        r"weed killer|lye|lighter fluid|gasoline|petrol|cleaning products?|hand sanitizer|mms|miracle mineral)",
        r"(?:mix|mixing|combine|combining) (?:\w+ ){0,2}bleach (?:and|with) (?:\w+ ){0,2}(?:ammonia|vinegar|"
        r"acid|alcohol|other cleaners)",
        r"(?:choking|blackout|fainting|pass out|tide pod|skull breaker|fire) challenge",
        r"(?:drive|driving) (?:\w+ ){0,2}(?:drunk|while drunk|under the influence|after drinking|intoxicated)",
        r"drunk driving",
        r"(?:benefits|advantages|positives|upsides|positive sides?) of (?:\w+ ){0,2}(?:anorexia|bulimia|"
        r"eating disorders?|starv\w+|purging|self harm\w*|cutting yourself|drunk driving|binge drinking)",
        r"(?:anorexia|bulimia|eating disorders?|self harm|starvation) (?:\w+ ){0,4}(?:potential |hidden |"
        r"surprising )?(?:benefits|advantages|positives)",
        r"(?:detergent|laundry|tide|washing) pods? (?:\w+ ){0,8}(?:taste|tasty|tastes|delicious|snacks?|yummy|"
        r"treats?|candy|sweets|eat|munch|crunch|mouth)",
        r"(?:taste|tasty|delicious|snacks?|yummy|treats?|candy|sweets|eat|munch|crunch) (?:\w+ ){0,8}"
        r"(?:detergent|laundry|tide|washing) pods?",
        r"(?:pro ana|pro mia|thinspiration|thinspo|anorexia (?:is|as) (?:a )?(?:healthy )?(?:lifestyle|choice)|"
        r"bulimia (?:is|as) (?:a )?(?:healthy )?(?:lifestyle|choice))",
    ),
}

# ---- the shape of carrying out a request ---------------------------------------------------------------

# In the normalised sentence: an opening that agrees and hands over ("sure, here is…"), steps, a how-to.
COMPLIES = _any(
    r"here (?:is|are)", r"(?:below|following) (?:is|are)", r"the following (?:\w+ ){0,3}(?:steps|instructions|"
    r"guide|tutorial|script|code|email|letter|message|article|post|plan|method|methods|ways|tips)",
    r"(?:this|that) is how", r"is how (?:to|you|i|we)", r"as follows",
    r"(?:sure|certainly|absolutely|of course|okay|ok|alright|gladly|no problem) (?:\w+ ){0,8}"
    r"(?:guide|tutorial|instructions|steps|script|code|program|template|email|letter|article|post|tweet|"
    r"thread|plan|recipe|method|ways|tips|list|story|essay|speech|advertisement|caption|message)",
    r"step (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)", r"step by step", r"steps? (?:to|for|are|is)",
    r"(?:follow|try) (?:these|the|this) (?:\w+ )?(?:steps|instructions|method|procedure|recipe|guide)",
    r"(?:first|firstly|secondly|thirdly|next|then|finally|lastly|after that|once (?:you have|that is|this is)|"
    r"to begin|to start|begin by|start by|start from|start with|afterwards)",
    r"you (?:will|would|ll) need", r"you need (?:to|a|an|some|the)", r"what you need", r"(?:materials|ingredients|"
    r"tools|equipment|supplies|things) (?:you will need|needed|required|list)",
    r"you (?:can|could|should|must|have to|ought to) (?!not )",
    r"make sure (?:to|you|that)", r"(?:be sure|remember) to", r"the (?:best|easiest|simplest|quickest|most "
    r"effective|safest) (?:way|ways|method|methods) (?:to|is|are)", r"(?:ways|methods|techniques|tips|tricks) "
    r"(?:to|for|on how)",
    r"how to", r"in order to",
    r"(?:i can|i will|i ll|i would|let me|we can|we will) (?:\w+ ){0,2}(?:provide|give|write|create|draft|show|"
    r"generate|explain|outline|make|walk|share|offer|design|develop|code)",
    r"(?:provide|give|offer|share|walk you through|show you|explain|outline|describe) (?:\w+ ){0,3}(?:guidance|"
    r"instructions|steps|tips|guide|advice|details|overview|methods|techniques|process|how)",
    r"(?:one|a|another|the) (?:common |popular |simple |effective |good |possible |easy |key )?(?:method|way|"
    r"technique|approach|option|strategy|trick) (?:\w+ )?(?:is|would be|to|for|used|involves)",
    r"(?:involves?|requires?|entails?) (?:\w+ ){0,4}(?:steps|stages|process|following|materials|ingredients|"
    r"equipment|tools)", r"(?:series of|several|a few|key|basic|main|simple|detailed|these|necessary) "
    r"(?:\w+ )?steps", r"the process (?:involves|of|is)", r"to do (?:this|so|that)",
    r"by (?:using|creating|making|writing|sending|"
    r"following|obtaining|acquiring|getting|targeting|exploiting|hiding|posing)",
    r"(?:title|subject|headline|caption|tweet|post|chapter|scene|introduction|conclusion|dear|hey|hi|hello|"
    r"greetings|attention|urgent|congratulations|breaking news|sincerely|regards)",
)
# In the raw sentence: list items, code, and pieces written to order (a title, a letter, a subject line).
_RAW_SHAPE = re.compile(
    r"^\s*(?:[-*\u2022>#]+\s|\d{1,2}[.):/]\s?|\(?[a-h][.)]\s|\*\*|#+\s?\w|"
    r"(?:title|subject|headline|caption|tweet|post|dear|step)\b)|```|\bimport \w|\bdef \w+\(|#include|"
    r"\bsudo \w|\bfunction \w+\(|[{};]\s*$|=\s*[\"'\w]", re.IGNORECASE)
# The released text ends inside a list (this sentence is an item) or inside a code block.
_ITEM_BEFORE = re.compile(r"(?:^|\n)\s*(?:\d{1,2}|[a-h])[.):]\s*$|```[^`]*$")
# An opening that agrees to a request: when the reply began like this, its later sentences carry it out. The
# raw form is a cheap first look, so the opening is normalised only when it might be one.
_OPENING_RAW = re.compile(r"^\W*(?:sure|certainly|absolutely|of course|alright|gladly|no problem|here|below|step|"
                          r"title|subject|dear|to whom)\b", re.IGNORECASE)
_OPENING = re.compile(r"^ (?:(?:sure|certainly|absolutely|of course|alright|gladly|no problem)(?: [a-z0-9|]+){0,12} )?"
                      r"(?:here (?:is|are)|below (?:is|are)|step (?:1|one)|title|subject|dear|to whom)(?![a-z0-9])")

# A reply that hands something over while excusing it as hypothetical, educational or fictional: how a model
# that has been talked round writes ("Sure, here is … for educational purposes, purely hypothetically").
EXCUSED = "excused"
_HANDS_OVER = re.compile(r"^ (?:sure|certainly|absolutely|of course|okay|ok|alright|gladly|no problem)(?![a-z0-9])|"
                         r"(?<![a-z0-9])(?:here (?:is|are)|below (?:is|are)|i can (?:provide|give|write|offer))"
                         r"(?![a-z0-9])")
_EXCUSE = re.compile(_any(
    r"for (?:purely )?(?:educational|research|academic|informational|fictional) (?:and (?:research|educational|"
    r"informational) )?purposes", r"(?:entirely|purely|strictly|completely) (?:hypothetical|hypothetically|"
    r"fictional|fictitious|theoretical)", r"(?:disregard|ignore|set aside|setting aside|without) (?:any |the |all )?"
    r"(?:possible |potential )?(?:ethical|moral|legal) (?:implications|concerns|considerations|constraints|"
    r"restrictions|limitations)", r"(?:in|for) (?:a|this) (?:purely )?(?:hypothetical|fictional) (?:scenario|"
    r"context|world|setting|story)"))

# ---- what is not carrying out a harmful request ----------------------------------------------------------

# Declining, in the speaker's voice or as a rule about the act.
REFUSES = _any(
    r"(?:i|we) (?:am|are)? ?(?:so |really |very |truly )?sorry", r"sorry (?:but|i|to)",
    r"(?:i|we|ai) (?:\w+ ){0,2}(?:can not|could not|will not|would not|must not|should not|do not|am not|"
    r"are not|am unable|are unable|refuse|decline|must decline|must refuse|have to decline|will have to decline|"
    r"am not able|am not going|not able|not going|cannot|unable)",
    r"(?:can not|cannot|unable to|not able to|not going to|will not|won t|not comfortable|not appropriate to) "
    r"(?:\w+ ){0,2}(?:help|assist|provide|give|write|create|generate|produce|share|offer|supply|comply|support|"
    r"fulfil|fulfill|do that|do this|engage|participate|explain|describe|draft|make|compose|continue)",
    r"(?:against|violates?|breach(?:es)?) (?:my|our|the|openai s?|anthropic s?) (?:\w+ )?(?:guidelines|policy|"
    r"policies|principles|programming|rules|terms|ethics|values|content policy|usage policies)",
    r"(?:i|we) (?:strongly )?(?:advise|urge|recommend|encourage|caution) (?:you )?(?:against|not)",
    r"(?:is|are|would be|it s) (?:\w+ )?(?:illegal|unethical|harmful|dangerous|wrong|not okay|not ok|a crime|"
    r"a serious crime|a serious offence|a serious offense|against the law|punishable)",
    r"as an ai", r"i am an ai", r"just an ai", r"an ai (?:language model|assistant)", r"not within my",
    r"(?:my|ethical) (?:programming|guidelines)", r"not (?:something|a topic|a request) (?:i|we)", r"instead of",
    r"rather than",
)
# Protecting against the act, recovering from it, or talk of it happening to the person.
PROTECTS = _any(
    r"protect(?:s|ing|ed)? (?:yourself|you|your|them|themselves|others|children|kids|people|against|from|the person|"
    r"him|her|us|my|our|their)", r"protection (?:from|against|order)", r"prevent\w*", r"defend(?:s|ing)? "
    r"(?:yourself|you|your|them|against|from)", r"safeguard\w*", r"secur(?:e|ing) (?:your|my|the|their)",
    r"report\w* (?:it|this|them|the|him|her|to|any|suspicious|scams?|fraud|phishing|abuse|crimes?|harassment)",
    r"recogni[sz]\w*", r"(?:spot|spotting|identify|identifying|detect|detecting|notice|noticing) (?:\w+ ){0,2}"
    r"(?:signs?|phishing|scams?|fraud|fake|misinformation|disinformation|red flags|malware|spyware|stalkerware|"
    r"grooming|manipulation|abuse|trafficking|tracking|trackers?)",
    r"(?:warning )?signs (?:of|that)", r"red flags", r"(?:if|when|whether) (?:you|someone|somebody|they|he|she) "
    r"(?:\w+ ){0,2}(?:think|suspect|believe|feel|worry|are being|is being|have been|has been|were|was|find)",
    r"(?:victims?|survivors?) of", r"survivors?",
    r"(?:been|being|get|got|getting) (?:\w+ )?(?:hacked|scammed|phished|stalked|tracked|"
    r"harassed|bullied|blackmailed|extorted|defrauded|poisoned|drugged|spiked|trafficked|groomed|followed|"
    r"monitored|threatened|doxx?ed|targeted|robbed|assaulted|abused)",
    r"stay(?:ing)? safe", r"keep (?:yourself|you|them|your \w+) safe", r"(?:fall|falling|fell) (?:for|victim)",
    r"avoid (?:being|getting|falling|becoming) (?:a )?(?:scammed|hacked|phished|tracked|victim|victims|targeted|"
    r"stalked|exploited|ripped off|conned|fooled|tricked|groomed|harassed|bullied)",
    r"(?:recover|recovering|recovery|heal|healing|cope|coping|"
    r"quit|quitting|stop using|stop taking|cut down|cutting down|sober|sobriety|addiction|rehab|treatment|"
    r"withdrawal|relapse|craving|cravings)",
    r"(?:helpline|hotline|crisis line|support line|police|authorities|a lawyer|a solicitor|an advocate|"
    r"your bank|action fraud|the ftc|ncsc) (?:\w+ ){0,3}(?:can|will|may|for|at|on|if)",
    r"(?:contact|call|tell|ring|reach out to|speak to|talk to) (?:\w+ ){0,2}(?:police|authorities|a lawyer|"
    r"your bank|a helpline|a hotline|a trusted|someone you trust|emergency services|999|911|112)",
    r"awareness", r"(?:implications|dangers|risks|consequences|gravity|harms|harm|impact|effects|costs|"
    r"seriousness) of", r"(?:facing|face|faces) (?:\w+ ){0,2}charges", r"(?:charged|accused|convicted) (?:with|of)",
    r"(?:if|when) (?:you|someone|somebody|they|he|she) (?:\w+ ){0,2}(?:are|is|were|was|get|gets|got) "
    r"(?:stopped|arrested|pulled over|questioned|accused|suspected)", r"suspect\w* (?:you|them|him|her) of",
    r"responsib\w+", r"legal (?:standards|requirements|limits|rights|options|advice|consequences|penalties)",
    r"(?:narrative|conspiracy theory|myth|false claims?|baseless claims?) that",
    r"(?:baseless|unfounded|debunked|discredited|conspiracy theorists|despite (?:\w+ ){0,2}evidence)",
    r"(?:ethical hack\w*|penetration test\w*|pen test\w*|with (?:their|the owner s?|explicit|written) "
    r"(?:permission|consent|authori[sz]ation)|authori[sz]ed (?:testing|test|security))",
    r"educat\w+ (?:yourself|people|others)", r"learn (?:\w+ ){0,3}(?:signs|how to protect|about)",
    r"(?:myth|myths|debunk\w*|fact check\w*|false claims? that|no evidence|not true|is false|are false|"
    r"scientific consensus)",
)
# Care for the person: a reply that turns to how they feel is not carrying out a harmful request.
CARES = _any(r"feel\w*", r"emotions?", r"cope", r"coping", r"calm\w*", r"breath\w*", r"grounding", r"relax\w*",
             r"self care", r"wellbeing", r"well being", r"support\w*", r"talk (?:to|about|with)", r"safe", r"safety",
             r"hurt", r"pain", r"angry", r"anger", r"upset", r"stress\w*", r"anxious", r"anxiety", r"journal\w*",
             r"therapist", r"counsellor", r"counselor", r"helpline", r"crisis", r"mind", r"how you are doing")
_CARES = re.compile(CARES)

# Just before a topic: it is negated, or it is the person's urge being talked about ("the urge to check her phone").
_NOT = r" (?:not|never|no|nor|avoid|avoiding|against|refuse to|stop|stopped|without)"
_URGE = (r" (?:urge to|urges to|tempted to|temptation to|impulse to|want to|wanting to|wanted to|wish to|"
         r"thinking about|thinking of|thoughts of|thoughts about|fantasi[sz]\w* about|fantasies about|fantasies of|"
         r"considering|consider)")
_NEGATED = re.compile(f"(?:{_NOT}|{_URGE})" + r" (?:\w+ ){0,3}$")
_NEGATED_ASK = re.compile(_NOT + r" (?:\w+ ){0,3}$")  # in the person's message, wanting to is asking
# What the person asks for, just before a harm topic in their message: "how do I", "write me", "give me steps to".
_REQUEST_BEFORE = re.compile(
    r"(?:how (?:do|can|could|would|should|might|does|did) (?:i|you|we|one|someone|somebody|people|a person)|"
    r"how to|tell me|show me|teach me|help me|explain|describe|write|create|generate|draft|compose|make|give me|"
    r"send me|i want to|i need to|i would like to|i am going to|i am trying to|can you|could you|would you|"
    r"please|steps to|ways to|way to|guide|tutorial|instructions|plan to|a plan|script|code|program|list)"
    r"(?: [a-z0-9]+){0,4} $")
# A reply sentence that carries on with a how-to or a piece written to order, even without naming the harm.
_STRONG_SHAPE = re.compile(
    r"^ (?:sure|certainly|of course|absolutely|okay|ok|alright|no problem|gladly|here (?:is|are|you go)|"
    r"step (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)|first(?:ly)?|second(?:ly)?|third(?:ly)?|next|"
    r"then|finally|lastly|after that|to (?:start|begin)|start by|begin by|you will need|you ll need|"
    r"what you need|follow these|subject|dear|title)(?![a-z0-9])|here (?:is|are)|step by step|the following|"
    r"follow these steps")
# A refusal anywhere in the reply so far, read on the raw text (the reply is not normalised again).
_REFUSED_BEFORE = re.compile(r"\b(?:can(?:'|\u2019)?t|cannot|can not|won(?:'|\u2019)?t|will not|unable|not able|sorry|"
                             r"not going to|not comfortable|against (?:my|the) (?:guidelines|policy|policies)|"
                             r"not something I|I must decline|I decline|I refuse|as an AI)\b", re.IGNORECASE)

_TOPICS = {kind: re.compile(pattern) for kind, pattern in TOPICS.items()}
_COMPLIES = re.compile(COMPLIES)
_REFUSES = re.compile(REFUSES)
_PROTECTS = re.compile(PROTECTS)


@dataclass(frozen=True)
class HarmMatch:
    """Which kind of harm a sentence carries out (`rule`: "builtin.harm-<kind>") and the words that showed it."""

    rule: str
    matched: str


def _topic(normalised: str, negated: re.Pattern[str] = _NEGATED,
           before: re.Pattern[str] | None = None) -> tuple[str, str] | None:
    """The first harm topic in `normalised` that no negation just before it takes back: (kind, words). With
    `before`, only a topic that pattern finds just before (what the person asks for)."""
    for kind, regex in _TOPICS.items():
        for found in regex.finditer(normalised):
            ahead = normalised[:found.start()].rstrip() + " "
            if negated.search(ahead) or (before is not None and not before.search(ahead)):
                continue
            return kind, found.group(0).strip()
    return None


@lru_cache(maxsize=16)
def asked_for(heard: str) -> tuple[str, str] | None:
    """The harm the person's message asks to be carried out ("how do I hack into…", "write me a phishing
    email"), as (kind, words), or None. Asking how to protect oneself or someone else is not asking for harm."""
    if not heard or _PROTECTS.search(heard):
        return None
    return _topic(heard, _NEGATED_ASK, _REQUEST_BEFORE)


def _opening_complies(opening: str) -> bool:
    """Whether a reply's opening (normalised) agrees and hands something over ("sure, here is…", "Step 1",
    "Dear…"), with no refusal, protection or care for the person in its first sentence."""
    found = _OPENING.search(opening)
    if found is None:
        return False
    first = opening[:opening.find("|", found.end()) % (len(opening) + 1)]  # up to the end of the handing over
    return not (_REFUSES.search(first) or _PROTECTS.search(first) or _CARES.search(first))


def check(normalised: str, raw: str, released: str = "", normalise: Callable[[str], str] | None = None,
          heard: str = "") -> HarmMatch | None:
    """Whether one reply sentence carries out a request for harmful content (None if not).

    `normalised` is the sentence as the output normaliser gives it, `raw` as written; `released` is the reply
    shown so far, `normalise` the output normaliser (to read the reply's opening, only when needed) and
    `heard` the person's message, normalised. Three ways to fire: the sentence names a harm topic and has the
    shape of carrying it out (its own, a list it is an item of, a compliant opening of the reply, or a
    message that asked for it); it hands something over while excusing it as hypothetical or educational;
    or the person asked for a harm, the reply opened by agreeing, no refusal came before, and the sentence
    goes on with a how-to or the piece asked for. The shape is looked for first (cheap); the harm topics,
    the costly part, only in a sentence that has one."""
    opening: bool | None = None

    def opening_complies() -> bool:
        nonlocal opening
        if opening is None:
            start = (released + raw)[:OPENING_CHARS]
            opening = bool(normalise is not None and _OPENING_RAW.match(start)
                           and _opening_complies(normalise(start)))
        return opening

    asked = asked_for(heard) if heard else None
    shaped = bool(_COMPLIES.search(normalised) or _RAW_SHAPE.search(raw)
                  or (released and _ITEM_BEFORE.search(released[-400:])) or opening_complies()
                  or (asked is not None and not _REFUSED_BEFORE.search(released)))
    excused = _EXCUSE.search(normalised) if _HANDS_OVER.search(normalised) else None
    if not (shaped or excused or asked):
        return None
    topic = _topic(normalised)
    if _REFUSES.search(normalised) or _PROTECTS.search(normalised):
        return None
    if topic is not None and shaped:
        return HarmMatch(RULE_PREFIX + topic[0], topic[1])
    if excused is not None:
        return HarmMatch(RULE_PREFIX + EXCUSED, excused.group(0).strip())
    if topic is not None or asked is None or _REFUSED_BEFORE.search(released) or _CARES.search(normalised):
        return None
    if not (_STRONG_SHAPE.search(normalised) or _RAW_SHAPE.search(raw)
            or (released and _ITEM_BEFORE.search(released[-400:]))):
        return None
    if not (opening_complies() if released.strip() else _opening_complies(normalised)):
        return None
    return HarmMatch(RULE_PREFIX + asked[0], f"asked: {asked[1]}")


def rule_ids() -> tuple[str, ...]:
    """Every rule id this family can report (for tools that list rules)."""
    return tuple(RULE_PREFIX + kind for kind in (*TOPICS, EXCUSED))
