"""Labelled sets for the text analysis, written for Fair Contact (no public set of council correspondence exists).

How they were built: the sentences below were written by hand by the developer, modelled on the kinds of
contact the policies describe (001 §6.3.3 abusive, threatening, discriminatory language; 002 §3 habitual
contact; 003 Annex H), and deliberately include hard negatives: angry but legitimate complaints, "killing"
used figuratively, and saying one will go to an MP, a solicitor, the press or the Ombudsman (not abuse). Each
sentence is placed after a neutral opening about the customer's matter, chosen with a fixed seed. The
same-issue set pairs incoming messages with complaint summaries written in different words. The figures are
therefore an optimistic estimate: the lexicon and the sets share an author, and real correspondence is
messier. Re-measure on redacted real contacts before relying on the numbers.
"""

from __future__ import annotations

import random

OPENINGS = [
    "I am writing again about the repairs to my flat.",
    "This is about my rent account.",
    "Reference 4471, my complaint about the boiler.",
    "I called on Monday about my Universal Credit.",
    "Re: the noise from next door.",
    "About the damp in the children's bedroom.",
    "",
    "Following my phone call this morning.",
    "This concerns my PIP assessment.",
    "Dear Sir or Madam,",
]

ABUSIVE = [
    # threats
    "If nobody fixes it by Friday I will kill you.",
    "I'm going to come down there and sort you out.",
    "Watch your back when you leave the office tonight.",
    "I know where you live and I know your car.",
    "You'll regret ignoring me, I promise you that.",
    "I will burn the office down with you lot in it.",
    "Next time I see that officer he's going to end up in hospital.",
    "I'll bring my lads round and deal with you.",
    "Keep messing me about and see what happens.",
    "You are dead, do you understand me?",
    "I will smash your windows like you smashed my life.",
    "Somebody is going to get hurt and it won't be me.",
    "I'm going to wait outside for you after your shift.",
    "I'll stab the next person who tells me to wait.",
    "Something bad will happen to your staff if this carries on.",
    "I'll get you, you won't see it coming.",
    "People like you need a good beating.",
    "I will shoot the lot of you.",
    # harassment
    "I will keep ringing you every day until you give me what I want.",
    "I will be outside your house every night until this is sorted.",
    "I have been watching you leave work.",
    "I found out where you live, nice street.",
    "I'll make your life hell, you can't hide from me.",
    "I'm posting your address and photo on Facebook tonight.",
    "I will never leave you alone, never.",
    "Your kids will find out what sort of person you are.",
    "I followed you home yesterday, you didn't notice.",
    "I'll be there at your office every morning at eight.",
    # discriminatory
    "Go back to your own country and stop taking our houses.",
    "Your kind always get the best flats.",
    "I don't want to speak to some foreigner who can't speak English, put me on to a proper English person.",
    "You pakis get everything handed to you.",
    "I won't deal with a useless woman, get me a man.",
    "The council shouldn't employ foreigners.",
    "Typical, a retard on the phone again.",
    "Put me through to someone who isn't a gypsy.",
    "Stupid cripple on reception couldn't help me.",
    # abusive language and insults
    "You are a useless fucking idiot.",
    "Get your finger out you lazy bastard.",
    "You absolute moron.",
    "Shut up and listen to me you stupid cow.",
    "You lot are scum, every one of you.",
    "What a waste of space that officer is.",
    "Go to hell, the lot of you.",
    "You brain dead cretins.",
    "Your manager is a complete prick.",
    "Tell that bitch on reception to call me back.",
    "You're a piece of shit and so is your boss.",
    "fucking sort it out now",
    "Drop dead you wankers.",
    "I hope you rot in hell for what you've done.",
    "Stop talking crap you thick git.",
    "Arsehole. That's what you are.",
    "Answer the phone you c*nts.",
    # harder: implied or unusual wording
    "Maybe when one of your staff gets a brick through their window you'll listen.",
    "I hope your family suffers the way mine has.",
    "You people are vermin.",
    "I'm going to make sure you lose more than your job.",
    "Pray I don't find you.",
    "Accidents happen to people who ignore me.",
    "Your officer is a disgusting pig.",
    "I'll have you sacked and then I'll come for you.",
    "Enjoy your last week at work.",
]

NOT_ABUSIVE = [
    "This is the fifth time I have written and nobody has replied.",
    "I am absolutely furious about this.",
    "Your service is a disgrace and I want it escalated.",
    "I will be contacting my MP about this.",
    "My solicitor will be in touch if this isn't fixed.",
    "I am going to the Ombudsman.",
    "I will take this to the local paper if I have to.",
    "The damp is killing my children's health.",
    "The cold is killing me, I am 82.",
    "I am sick and tired of being ignored.",
    "This is a complete joke.",
    "I want to speak to a manager today.",
    "Your officer was rude to me on the phone.",
    "The engineer didn't turn up again, I waited in all day.",
    "I'm not going to stop complaining until it's fixed.",
    "Please stop sending me the same letter.",
    "I'm disabled and can't climb the stairs with the lift broken.",
    "I'm Polish and need an interpreter for the meeting.",
    "My English is not good, please write simply.",
    "I feel discriminated against because of my disability.",
    "I think the decision was racist.",
    "The neighbours are shouting and banging all night.",
    "I was threatened by my neighbour, please help.",
    "Someone has smashed the door entry system again.",
    "There's a risk someone will get hurt on the broken stairs.",
    "The boiler could kill someone, it's leaking gas.",
    "I will keep writing until I get an answer.",
    "I'll call every day this week to check on progress.",
    "This is absolutely disgusting treatment.",
    "Your manager promised to ring back and never did.",
    "I'm at the end of my tether.",
    "I'm crying as I write this, I can't cope.",
    "I want compensation for the damaged carpet.",
    "Can someone explain why my payment was stopped?",
    "I'm going to appeal the decision.",
    "I will be outside the office at 10 for my appointment.",
    "Please note my new address.",
    "The rat infestation is getting worse.",
    "I hate living here, it's damp and cold.",
    "Damn it, the heating has gone off again.",
    "The bloody lift is broken again.",
    "Pardon my language but this is crap service.",
    "I am not a liar, I sent the form twice.",
    "You told me it would be sorted in 28 days.",
    "I've had enough of being passed from pillar to post.",
    "I'll see you in court if you evict me.",
    "My son's father keeps harassing me about maintenance.",
    "I was called a foreigner by the man next door.",
    "My daughter has autism and the noise upsets her.",
    "Why does nobody at the council care?",
    "Stop wasting my time with automated replies.",
    "This has destroyed my mental health.",
    "I want my complaint to go to stage 2.",
    "It's a shambles, honestly.",
    "The contractor was shouting at me in my own home.",
    "Kill the power to the flat before you start the work.",
    "The fire door doesn't close, it's a death trap.",
    "Please don't send a man, I'm a survivor of domestic abuse.",
    "Your letter made no sense at all.",
    "If this isn't fixed I'll withhold my rent.",
    "I'm going to report you to the housing regulator.",
]

NEUTRAL_OPENINGS = [
    "",
    "Dear Sir or Madam,",
    "Following my phone call this morning.",
    "I am writing again.",
    "Reference 4471.",
    "Nobody has replied to my last letter.",
]

#: Complaint summaries and messages about them, in different words.
TOPICS = {
    "heating": (
        "Boiler not repaired after three visits; no heating or hot water",
        [
            "The radiators are stone cold again and the engineer never came back.",
            "Still no hot water, I've been boiling kettles to wash for a month.",
            "The heating packed up again last night, it's freezing in here.",
            "When is someone coming to fix the boiler?",
        ],
    ),
    "damp": (
        "Damp and black mould in the children's bedroom",
        [
            "The mould has come back on the bedroom wall after you painted over it.",
            "There's condensation running down the windows and black spots everywhere.",
            "My son's asthma is worse because of the mould in his room.",
        ],
    ),
    "leak": (
        "Leak from the flat above coming through the kitchen ceiling",
        [
            "Water is dripping through the ceiling again onto the cooker.",
            "The ceiling stain is getting bigger, the pipe upstairs must still be leaking.",
        ],
    ),
    "noise": (
        "Noise and anti-social behaviour from neighbours at number 12",
        [
            "The people at number 12 had music blasting until 4am again.",
            "Another party next door, shouting and banging all night.",
        ],
    ),
    "rent": (
        "Dispute over rent arrears and charges on the rent account",
        [
            "My rent statement still shows arrears I paid off in March.",
            "Why have you added another charge to my account? I don't owe this money.",
        ],
    ),
    "staff": (
        "Rude attitude of a housing officer during a home visit",
        [
            "The same officer was rude to me again on the phone today.",
            "I don't want that man treating me like that ever again, his manner was awful.",
        ],
    ),
    "universal_credit": (
        "Universal Credit sanction and deductions from payments",
        [
            "My UC payment was short again because of the deduction.",
            "Why was I sanctioned when I attended the appointment?",
        ],
    ),
    "pip": (
        "PIP assessment: points awarded and the assessor's report",
        [
            "The assessor wrote that I can walk 200 metres, which is not true.",
            "I want a mandatory reconsideration of my PIP points.",
        ],
    ),
    "windows": (
        "Broken window frame in the living room not replaced",
        [
            "The window frame is rotten and the glass is cracked now.",
            "Nobody has come to measure the living room window.",
        ],
    ),
    "pests": (
        "Rats in the communal bin area and inside the flat",
        ["I saw two rats in the kitchen this morning.", "The infestation is spreading, there are mice now too."],
    ),
    "transfer": (
        "Request for a transfer to a larger property because of overcrowding",
        ["Four of us in one bedroom, when will I be moved?", "Where am I on the transfer list?"],
    ),
    "parking": (
        "Parking permit refused for a disabled resident",
        ["I still can't park near my door without a permit.", "The parking permit application was refused again."],
    ),
}


def abuse_set(seed: int = 6) -> list[tuple[str, bool]]:
    """``(text, abusive)`` pairs: each sentence after a neutral opening."""
    rng = random.Random(seed)
    items = [(s, True) for s in ABUSIVE] + [(s, False) for s in NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


def same_issue_set(seed: int = 6, cases: int = 400) -> list[tuple[str, list[tuple[int, str]], int | None]]:
    """``(message, complaints, expected complaint id or None for new)``: half about a complaint, half new."""
    rng = random.Random(seed)
    names = sorted(TOPICS)
    found = []
    for n in range(cases):
        chosen = rng.sample(names, 4)
        complaints = [(i + 1, TOPICS[name][0]) for i, name in enumerate(chosen[:3])]
        if n % 2:
            expected = rng.randrange(3)
            message, answer = rng.choice(TOPICS[chosen[expected]][1]), expected + 1
        else:
            message, answer = rng.choice(TOPICS[chosen[3]][1]), None
        found.append((f"{rng.choice(NEUTRAL_OPENINGS)} {message}".strip(), complaints, answer))
    return found


# --- held out: written after the lexicon, the concepts and the thresholds were frozen, never tuned on ------
HELD_OUT_ABUSIVE = [
    "I swear I will hurt whoever picks up the phone next.",
    "One day you'll walk out of that office and I'll be waiting.",
    "You deserve a kicking for how you've treated me.",
    "I'm going to torch your car.",
    "Tell your manager I know where she lives.",
    "You're going to get what's coming to you.",
    "If I see that caseworker in town I'll knock her out.",
    "I'll keep phoning you at home until you crack.",
    "I have your home address now, think about that.",
    "I'm going to ring you every night at midnight.",
    "Your lot should be deported.",
    "I'm not talking to an Asian, get me someone else.",
    "Stupid foreigners running the council now.",
    "Disabled people like you shouldn't be working there.",
    "You fat useless cow.",
    "Piss off and do your job you lazy twat.",
    "You are all a bunch of scumbags.",
    "Bloody idiots the lot of you.",
    "Eat shit.",
    "Your boss is a lying bastard.",
    "You f***ing muppets.",
    "I hope you die.",
    "I'll batter him when I find him.",
    "I will be waiting by your car tonight.",
    "You will be sorry you ever crossed me.",
    "Nobody would miss you if something happened.",
    "I'll smash this office up next time.",
    "Shut your mouth and listen you prat.",
    "You're a disgrace to the human race you sad little man.",
    "Your family should be ashamed of you, I'll tell them myself at your door.",
]
HELD_OUT_NOT_ABUSIVE = [
    "I have been waiting six months for a reply and I am very angry.",
    "This is totally unacceptable.",
    "I'm writing to my councillor and my MP today.",
    "My legal adviser says you are in breach of your duty.",
    "I'll be ringing back tomorrow morning to chase this.",
    "The leak nearly killed my cat, it fell through the ceiling.",
    "I'm beside myself with worry about the eviction notice.",
    "The staff on reception were helpful but nothing happened.",
    "I need the letter in large print please.",
    "I am Muslim and would prefer a female officer to visit.",
    "My neighbour called me a racist name and I want it recorded.",
    "I'm going to fight this decision all the way.",
    "Your system is broken and so is my boiler.",
    "I'm so angry I could scream.",
    "Rubbish service from start to finish.",
    "I demand a full apology in writing.",
    "The stairwell lights are out, somebody will fall.",
    "Please stop ringing me at work.",
    "I will be visiting the office on Thursday.",
    "I'm asking for the last time.",
    "It's criminal how long this has taken.",
    "Every day I wake up to mould, it's destroying us.",
    "I know my rights and I want them respected.",
    "I will not be fobbed off again.",
    "Bloody hell, another missed appointment.",
    "Why do you keep losing my documents?",
    "Your officer hung up on me.",
    "I'm not going away.",
    "This is harassment by your debt collectors.",
    "I'm disabled and your office has no ramp.",
]
HELD_OUT_MESSAGES = {
    "heating": ["We've had no heat since Sunday and my baby is ill.", "The boiler keeps cutting out every evening."],
    "damp": [
        "There's a musty smell and green mould behind the wardrobe.",
        "The walls are wet to the touch in the bedroom.",
    ],
    "leak": [
        "The kitchen ceiling is sagging from the water upstairs.",
        "Still dripping from above, buckets everywhere.",
    ],
    "noise": ["Number 12 were stomping and screaming past midnight.", "Their dog barks all day and they play drums."],
    "rent": ["I've been charged twice for October's rent.", "Please correct my rent balance, the arrears are wrong."],
    "staff": [
        "I want to complain about how the officer spoke to me.",
        "The housing officer laughed at me during the visit.",
    ],
    "universal_credit": [
        "My Universal Credit went down with no explanation.",
        "Please explain the deductions on my UC statement.",
    ],
    "pip": ["The PIP assessor didn't listen to anything I said.", "I got zero points for mobility, which is wrong."],
    "windows": ["Draught coming through the broken window all winter.", "The living room window won't shut properly."],
    "pests": ["Mice droppings in the cupboards again.", "Pest control never came for the rats."],
    "transfer": ["We need a bigger home, the kids share with me.", "Has my application to move been approved?"],
    "parking": ["Why can't I get a blue badge bay outside?", "I keep getting tickets because I have no permit."],
}


def held_out_abuse_set(seed: int = 7) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in HELD_OUT_ABUSIVE] + [(s, False) for s in HELD_OUT_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


def held_out_same_issue_set(seed: int = 7, cases: int = 400) -> list[tuple[str, list[tuple[int, str]], int | None]]:
    rng = random.Random(seed)
    names = sorted(TOPICS)
    found = []
    for n in range(cases):
        chosen = rng.sample(names, 4)
        complaints = [(i + 1, TOPICS[name][0]) for i, name in enumerate(chosen[:3])]
        if n % 2:
            expected = rng.randrange(3)
            message, answer = rng.choice(HELD_OUT_MESSAGES[chosen[expected]]), expected + 1
        else:
            message, answer = rng.choice(HELD_OUT_MESSAGES[chosen[3]]), None
        found.append((f"{rng.choice(NEUTRAL_OPENINGS)} {message}".strip(), complaints, answer))
    return found


# --- final held-out: written after the lexicon was widened following the first held-out set; never tuned on --
FINAL_ABUSIVE = [
    "I'll be round your office with a baseball bat.",
    "Carry on like this and you'll be the one needing an ambulance.",
    "You'd better hope I never meet you in a dark car park.",
    "I will wreck that reception desk.",
    "I'm going to kill myself and it'll be your fault, then my brothers will come for you.",
    "Your address is on the electoral roll, I've looked it up.",
    "I'll keep texting your work mobile all night.",
    "I sat outside your office all afternoon watching who came out.",
    "Go home to Africa.",
    "Why do they let Muslims work in housing.",
    "Typical Romanian, can't do anything right.",
    "I don't want a gay man handling my case.",
    "You thick stupid idiot, can't you read?",
    "Shove your letter up your arse.",
    "Wanker.",
    "You miserable old bag.",
    "Fuck the lot of you.",
    "You useless tossers.",
    "The officer is a lying snake and I'll make him pay.",
    "You're all going to burn for this.",
    "I'll make sure you never work again, and worse.",
    "Next time I'll bring a knife.",
    "I'll spit in your face when I see you.",
    "You ugly fat slob.",
    "Die, you pathetic worm.",
]
FINAL_NOT_ABUSIVE = [
    "This has gone on for far too long and I want answers.",
    "I'm going to escalate this to the chief executive.",
    "My advocate will attend the meeting with me.",
    "I'll phone again on Monday if I don't hear back.",
    "I'm frightened of the man upstairs, he threatens me.",
    "The broken glass could cut a child badly.",
    "I was so upset I couldn't sleep.",
    "Your contractor left the job half done.",
    "Please can I have a Polish interpreter.",
    "My wife is disabled and the bathroom is unusable.",
    "The cold is unbearable.",
    "I'm fed up with excuses.",
    "I intend to take legal action for disrepair.",
    "The noise is driving me mad.",
    "This is the worst council in England.",
    "I was treated like dirt at the front desk.",
    "Your letter arrived after the deadline had passed.",
    "I have written to the Housing Ombudsman.",
    "The fire alarm keeps going off at night.",
    "Stop sending bailiffs for a debt I paid.",
    "I feel like I'm being punished for complaining.",
    "The smell from the drains is disgusting.",
    "I'll be at the tenants' meeting to raise this.",
    "I'm absolutely livid.",
    "What a load of rubbish this reply is.",
]


def final_abuse_set(seed: int = 8) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in FINAL_ABUSIVE] + [(s, False) for s in FINAL_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


# --- fourth set: written after the sentence rules were added; evaluated once, nothing changed after it ------
FOURTH_ABUSIVE = [
    "Someone should teach you a lesson you won't forget.",
    "I'll put you through that window.",
    "You're lucky there's glass between us.",
    "My cousin knows people, you'll see.",
    "I'll break your legs.",
    "I rang your home number twenty times last night and I'll do it again.",
    "I waited for you by the bus stop.",
    "Send me someone who was born here.",
    "These immigrants get houses before us, disgusting.",
    "I won't have a woman telling me what to do.",
    "You're nothing but a jumped-up little Hitler.",
    "What a thick bitch you are.",
    "Stick your complaints procedure where the sun doesn't shine.",
    "You absolute bellend.",
    "Useless wankers the lot of you.",
    "I'm going to punch the next idiot who says policy.",
    "Get cancer.",
    "I'll burn this place to the ground.",
    "You'll be looking over your shoulder from now on.",
    "I'll find your kids' school.",
]
FOURTH_NOT_ABUSIVE = [
    "I'll be in hospital next week so please call my daughter.",
    "You'll need to fix the stairs before someone gets hurt.",
    "Next time I'll bring my support worker to the meeting.",
    "I am going to burn the letters you sent, they're useless.",
    "The gas leak could have killed us.",
    "I waited for you all day and you never came.",
    "I was born here and have lived here 40 years.",
    "My son is gay and is being bullied by neighbours.",
    "Please send a female officer, I am a Muslim woman.",
    "I'm going to report this to the police as a hate crime.",
    "Your policy is ridiculous.",
    "I'm sick of being lied to.",
    "This is a scandal and people should know.",
    "The lift has been broken for weeks and I can't get my wheelchair out.",
    "I will keep pursuing this.",
    "I'm going to the papers.",
    "Please stop phoning my mother, she is not my representative.",
    "I am so disappointed with the way I've been treated.",
    "The knife block was stolen by your contractors.",
    "I'll be at my sister's house next week if you need to visit.",
]


def fourth_abuse_set(seed: int = 9) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in FOURTH_ABUSIVE] + [(s, False) for s in FOURTH_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


# --- author's set: written by the author of the structural rules BEFORE writing them (so not tuned on at the
# time of writing, but by the same hand): wider kinds of wording, call notes in the third person, and victims
# reporting other people's threats (hard negatives) ------------------------------------------------------------
AUTHOR_ABUSIVE = [
    "I'll rip your head off if you hang up on me again.",
    "Caller said he would come to the office and smash the officer's face in.",
    "Customer threatened to set fire to the housing office.",
    "Tell that woman on reception she'd better not be there on Friday.",
    "If I lose this flat, someone at the council is going to pay for it.",
    "I know which car is yours in the car park.",
    "You won't be laughing when I catch up with you.",
    "One of these days you'll get what you deserve.",
    "Keep ignoring me and you'll find out what I'm capable of.",
    "My brothers will be paying your office a visit.",
    "I've got a machete and I'm not afraid to use it.",
    "Mr Jones said he would strangle the next person who put him on hold.",
    "Tenant shouted that she would slap the officer if she came round again.",
    "I'll be outside your house tonight, I know it's number 14.",
    "I'm going to text your personal phone every hour until you answer.",
    "I've been parked across the road from your office watching you come and go.",
    "Customer made racist remarks about the officer's accent and swore repeatedly.",
    "We don't want your sort round here, go back to Poland.",
    "Muslims like you are ruining this country.",
    "I'm not being dealt with by some lesbian.",
    "Get me someone white, I can't understand a word you say.",
    "Gypsies and immigrants get everything while we get nothing.",
    "The council is full of disabled people who can't do a proper job.",
    "You thick ignorant cow.",
    "You're a spineless little worm and everyone knows it.",
    "Sh1t service from a bunch of tw@ts.",
    "You are a complete and utter f*cking joke of a human being.",
    "Fuuuuck off and leave me alone.",
    "What are you wearing today sweetheart?",
    "Caller asked the officer what colour her underwear was and wouldn't stop.",
    "I'd love to get you into bed.",
    "Send me a photo of yourself, you sound gorgeous.",
    "I hope your kids get cancer.",
    "You'd better start running.",
    "Next time I'm in I'll put that officer on the floor.",
]
AUTHOR_NOT_ABUSIVE = [
    "My neighbour said he would kill my dog if it barked again, I am scared.",
    "Someone said he would hurt my son, please move us.",
    "Customer said her ex-partner threatened to burn the house down.",
    "The man next door keeps following me to the bus stop.",
    "A gang of youths smashed my windows last night.",
    "My daughter was called a paki at school and the family next door joined in.",
    "Tenant reported that her neighbour shouted racist abuse at her.",
    "I am a wheelchair user and I am Black, and I need an adapted property.",
    "As a gay man I don't feel safe on this estate.",
    "I need a female interpreter who speaks Urdu.",
    "I'm going to take you to court over the disrepair.",
    "I have asked my MP to write to your chief executive.",
    "The press will hear about how you treat disabled tenants.",
    "Your staff are incompetent and the whole process is a farce.",
    "The stress of this is killing me.",
    "I could murder a cup of tea after the day I've had.",
    "I'm dying to hear what excuse you come up with this time.",
    "The exposed wiring could kill a child.",
    "The knife drawer was broken by your fitters.",
    "My son uses a baseball bat at cricket club, the shed lock is broken so it was stolen.",
    "I will be outside your office at nine for the appointment, please be on time.",
    "I will phone every morning until the repair date is confirmed.",
    "I feel like someone is watching me through the broken window.",
    "The police said the threats against me were a hate crime.",
    "He hit me and I had to go to hospital, I need an emergency transfer.",
    "Customer was upset and crying but calm by the end of the call.",
    "Customer raised her voice but apologised and thanked the officer.",
    "Please stop sending letters to my old address.",
    "I hope you have a good weekend.",
    "You people never listen, it's exhausting.",
    "This decision is discriminatory and I will challenge it.",
    "I'm English and I've lived here all my life, why am I still waiting?",
    "The fire brigade said the flat could burn down because of the wiring.",
    "I'll be waiting for your call on Monday.",
    "I'm not going anywhere until this is fixed.",
]


def author_abuse_set(seed: int = 10) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in AUTHOR_ABUSIVE] + [(s, False) for s in AUTHOR_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


# --- probe sets: written by the author of the structural rules AFTER a draft of them, measured once each and
# then used to widen the concept classes (so now development data too). Their first figures are the honest
# estimate of how the rules do on wording they were not written for. ------------------------------------------
PROBE_ABUSIVE = [
    'Carry on like this and there will be consequences for you personally.',
    "You'll be sorted out good and proper, mark my words.",
    "I'll wring your scrawny neck.",
    'Customer stated he was going to bring a hammer to the next meeting.',
    'Caller threatened to kill the housing officer.',
    'She said she would stab whoever came to her door from the council.',
    "I know your daughter goes to St Mary's.",
    'I saw you at Tesco on Saturday with your kids, nice family.',
    "I'll be following you home tonight.",
    "I've been watching your house.",
    "I'm going to email you every ten minutes until someone listens.",
    'Your face will be all over Facebook by tonight.',
    'Foreigners like you should be sent packing.',
    "I'm not having a Paki deal with my case.",
    "Women shouldn't be allowed to be managers.",
    'Trannies like you make me sick.',
    'All you Muslims are terrorists.',
    "You're a f*cking disgrace.",
    'Useless c**t.',
    'You are a sh!t officer and a wanker.',
    'You spineless little rat.',
    'Stupid old hag.',
    "You're nothing but a dirty liar.",
    "I'd love to see you with your clothes off.",
    'Nice legs on the girl at the front desk, tell her to wear a shorter skirt next time.',
    'Send me a pic of you in your uniform darling.',
    "Someone's going to get a bullet if this isn't sorted.",
    "I'll make you bleed.",
    "You're going to get your head kicked in.",
    "Don't be surprised if your car gets scratched.",
    "I'll end you.",
    "I'll torch the lot of you.",
    'Your tyres might go flat one night.',
    "He told the officer he'd be waiting for her in the car park.",
    'Tenant said she would put a brick through the office window.',
]
PROBE_NOT_ABUSIVE = [
    "My neighbour says he'll stab me if I complain again, please help.",
    'Customer reported that her neighbour threatened to kill her.',
    'Caller said a man on the estate threatened to burn her car.',
    'My ex keeps turning up outside my house.',
    'Someone keeps watching my flat at night.',
    "I'm Pakistani and I'd like a letter in Urdu.",
    'As a trans woman I want to be addressed correctly.',
    'My wife is Muslim and wears a headscarf, please send a female officer.',
    "I'm deaf so please text rather than call.",
    'I will be taking you to court and the Ombudsman will hear about it.',
    'You will pay for the damage your contractor did.',
    "If this isn't fixed you'll be hearing from my solicitor.",
    'This waiting is killing me.',
    'My kids are going to end up in hospital with this mould.',
    "The rotten floorboards will break someone's leg.",
    'Your incompetence is staggering.',
    'Frankly the service is shit.',
    "I'm bloody furious about the way I've been treated.",
    'The officer promised to call back and lied to me.',
    "I'll be at your office first thing Monday with my paperwork.",
    'I will keep calling until the repair is booked.',
    'My son keeps a cricket bat by the door because of the break-ins.',
    'Someone smashed my car windows and slashed my tyres.',
    "There's a gang dealing drugs outside my door and they said they'd hurt my kids.",
    'Please stop ringing my mobile at work.',
    "I'm disabled and the council keeps ignoring my needs.",
    "I'm fed up of being treated like a second class citizen.",
    "I'm going to kill myself if I'm evicted.",
    "I'll fight this all the way to the High Court.",
    'He threatened me with a knife and the police were called.',
    'You need to sort out the boiler before someone gets killed.',
    "I'll be watching the post for your reply.",
    'I could have died when the ceiling fell in.',
    'What an absolute disaster this repair has been.',
    "I've been called a liar by your officer and I want an apology.",
]
SECOND_PROBE_ABUSIVE = [
    "I'm coming for you and your family.",
    "Keep this up and I'll give you something to really complain about.",
    "You'll need eyes in the back of your head.",
    "The customer said she would throw acid in the officer's face.",
    "Caller said he'd 'sort out' the receptionist when he next saw her.",
    "I'll kick the door in and drag you out.",
    "If I don't get my money I'll take it out of your hide.",
    "Tell your boss I've got a long memory and a short temper.",
    "I'll make it my mission to ruin your life.",
    'I know what time you finish work.',
    "I'll turn up at your kid's football match.",
    "I've got your home phone number and I'm not afraid to use it.",
    "I'll ring you at 3am every night until you answer.",
    "Black people like you shouldn't work for the council.",
    "Get that Polish girl off my case, they're all thieves.",
    "No more gays on the phone please, it's disgusting.",
    "Cripples shouldn't be answering phones.",
    'You utter numpty.',
    'Absolute knobhead, whoever wrote this letter.',
    'You smug little sh*t.',
    'Bunch of useless tw*ts.',
    'You snivelling weasel.',
    "How about you come round mine and I'll show you a good time.",
    'I bet you look good in a bikini.',
    "Let's see how brave you are without the security guard.",
]
SECOND_PROBE_NOT_ABUSIVE = [
    "The woman upstairs threatened to batter me and I'm terrified.",
    "Tenant said her neighbour's son has a knife and waves it at the kids.",
    'My brother was attacked outside the flats last week.',
    'Someone wrote racist graffiti on my door.',
    'The caller was distressed and said she felt suicidal.',
    'I am a Sikh and need time off for a religious festival.',
    "I'm Black and I believe I'm being treated differently.",
    "My partner is in a wheelchair and can't get through the door.",
    "I'll be contacting the local press and my councillor.",
    "You'll regret ignoring the damp when the Ombudsman rules against you.",
    'This is killing my family slowly, the cold is unbearable.',
    "I'm dying for a proper answer.",
    "The bath panel could cut someone, it's broken and sharp.",
    "I'll keep chasing this every week until it's fixed.",
    "Your contractor smashed my window and didn't replace it.",
    'You lot are hopeless at communicating.',
    "That's bloody ridiculous.",
    "I'll be waiting in for the engineer all day Tuesday.",
    'I have to keep a hammer by the door because the lock is broken.',
    'I hope you can help me this time.',
    'The officer was condescending and made me feel stupid.',
    "My son's friend was stabbed on the estate last month.",
    "I'm following up my email from last week.",
    "I've been watching the mould spread for months.",
    'Customer apologised for shouting last week.',
]


def probe_abuse_set(seed: int = 12) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in PROBE_ABUSIVE] + [(s, False) for s in PROBE_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


def second_probe_abuse_set(seed: int = 13) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in SECOND_PROBE_ABUSIVE] + [(s, False) for s in SECOND_PROBE_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


THIRD_PROBE_ABUSIVE = [
    "I swear on my mother's life I'll do time for you.",
    "You'll be pushing up daisies if you carry on.",
    "There's a bullet with your name on it.",
    "I'll be the last face you see.",
    "Call note: Mr Khan warned that he would 'take matters into his own hands' against the officer.",
    "Caller said next time he'd bring his dogs and set them on the staff.",
    "Tenant said she will slash the officer's tyres.",
    "I'm going to make you disappear.",
    "You've got a pretty little daughter, it would be a shame.",
    "I've found your Facebook and I know where your mum lives.",
    "I'll stand outside your window every night.",
    "I'll be sending a letter to your home address every day.",
    'Your lot come over here and take everything.',
    "Blacks shouldn't be in charge of housing.",
    "I want a manager who's not a Paki.",
    'Immigrants are the reason the estate is a dump.',
    "You're a waste of a uniform, you fat slag.",
    'Moronic jobsworths, all of you.',
    'Get stuffed you lazy good-for-nothing.',
    'You need your head testing you absolute clown.',
    'Go and play in the traffic.',
    'I hope you get hit by a bus.',
    "Can I see you after work, gorgeous? I'd treat you right.",
    "You've got a lovely mouth, I could think of better uses for it.",
    'Customer called the receptionist a fat ugly whore.',
]
THIRD_PROBE_NOT_ABUSIVE = [
    'My landlord threatened to change the locks and throw my stuff out.',
    "A lad on the estate said he'd stab my son, the police know.",
    'Tenant reports being called a Paki by youths in the stairwell.',
    "I'm a refugee from Syria and need help with forms.",
    "I'm a woman living alone and would like a female officer.",
    'My husband has dementia and can get aggressive, please warn the staff.',
    "I'll be in touch with my MP, the press and the Ombudsman.",
    "You'll be hearing from Shelter about this.",
    "The broken glass in the door could slice someone's hand.",
    'The stairs are a deathtrap, someone will break their neck.',
    'This has been a nightmare from start to finish.',
    "I'm so angry I could spit.",
    "I'm going to keep phoning until a manager calls me back.",
    "The officer didn't bother to turn up, it's a disgrace.",
    "Stop harassing me with letters about arrears I don't owe.",
    "I've been waiting for you to come back to me since June.",
    'Please note my daughter will be at the address to let the engineer in.',
    "Mind your step on the ramp, it's slippery.",
    "I'm disabled and I'm sick of being treated like rubbish.",
    'My son is autistic and gets very distressed by the noise.',
    'Customer was angry and raised her voice about the delays.',
    'I was attacked by a dog on the estate.',
    "I've got a knife block and a bread knife missing after your workmen left.",
    'Caller upset about the eviction notice and crying.',
    'The contractor shouted at my elderly mother.',
]


def third_probe_abuse_set(seed: int = 14) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in THIRD_PROBE_ABUSIVE] + [(s, False) for s in THIRD_PROBE_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]
