"""Blind held-out set for the abuse indicator: 60 abusive and 60 not-abusive messages, 10 openings.

Who and when: written on 2026-12-03 by a helper who had not seen the classifier (its code, its evaluator and
its documentation were not opened); only text_sets.py was read, for the format and to avoid reusing its
sentences. How: each message was written by hand as realistic UK customer contact, modelled on the conduct
Wolverhampton Homes policy 001 §6.3.3 describes (abusive, threatening, discriminatory or harassing language).
The abusive side covers direct, veiled and conditional threats in everyday words, harassment and stalking,
discriminatory remarks (including coded ones), personal insults with plain, misspelt or masked swearing and
sexual harassment; threats of self-harm used as leverage are left out on purpose. The other side is mostly
hard negatives: angry but legitimate complaints, escalation to an MP, solicitor, press or Ombudsman,
figurative violence, other people's abuse reported by the customer, protected characteristics in a needs
context, weapons and violence in a legitimate context, distress, polite chasers and ordinary messages. About
one message in six on each side is a third-person call note. No real people or addresses.

Never use this set to tune the classifier (lexicon, rules, thresholds): it measures it, once per change.
"""

from __future__ import annotations

import random

BLIND_OPENINGS = [
    "Tenancy reference 20931, flat 4B.",
    "I'm emailing about my housing benefit claim.",
    "Re: the gas safety check booked for next week.",
    "This is regarding my council tax reduction.",
    "Good afternoon,",
    "To whom it may concern,",
    "Following the visit from your surveyor on Tuesday.",
    "I'm writing on behalf of my mother, who is a tenant.",
    "About the service charge on my block.",
    "Repair request 55812.",
]

BLIND_ABUSIVE = [
    # threats: direct, veiled, conditional, about families, cars, journeys home, "accidents"
    "Your receptionist drives that little red Fiesta. Be a shame if it wasn't there in the morning.",
    "Your son plays for the under-12s on a Sunday, doesn't he? I've been watching him. Good little player.",
    "you walk home across the field dont you. long way in the dark that",
    "If my gas gets cut off I'm coming in there and somebody is leaving on a stretcher.",
    "Stairwells in these blocks are ever so dark. Easy for an officer to take a tumble, isn't it.",
    "One more letter like this and I'll put my fist through that officer's face.",
    "Dear Sir, I am putting you on notice that should your officer set foot on my property again I will not "
    "be responsible for what I do to him. Yours faithfully,",
    'Customer said that if the repair was not done by Friday he would "do" the surveyor and that we should '
    '"warn him now".',
    "Caller stated she knows which bus the housing officer catches and that he should 'enjoy the ride while he can'.",
    "Tell the woman from lettings her tyres look a bit low. Shame if they went flat on the ring road.",
    "I've got petrol in the shed and nothing left to lose. Think on.",
    "You have until 5 o'clock. After that I stop asking nicely and I come and find you, personally.",
    "I'd hate for anything to happen to your nice house with the blue door.",
    "I will drag you across that counter by your hair.",
    "IF I LOSE MY HOME YOU LOSE YOURS. SIMPLE AS.",
    "Customer threatened to throw a chair at the officer and had to be asked to leave reception twice.",
    "I'd think very carefully about who you send next time, because they might not make it back to the car in "
    "one piece.",
    "Drive safe on the motorway tonight. Those lorries don't always see little cars.",
    "Caller said the next contractor who turns up late 'will be leaving in a box'.",
    "Whoever wrote this letter wants their head kicking in.",
    # harassment and stalking
    "I've parked across the road from your office every day this week. I like to see who's coming and going.",
    "Saw you in Tesco on Saturday with your husband. You looked nervous. You should be.",
    "gonna put the video of u on tiktok with ur name so every1 on the estate knows ur face. good luck walking "
    "to ur car",
    "I have made a list of every officer who has touched my case and the towns they live in. I will be "
    "visiting each of them.",
    "Customer has phoned the housing officer's direct line 46 times since Monday and said he will 'keep going "
    "until she breaks'.",
    "I will turn up at your door at 7am every single day and there is nothing you can do about it.",
    "I know you finish at half four on a Wednesday. I'll be there.",
    "Caller told the advisor he had followed the repairs supervisor's van to his home and 'now knows where to go'.",
    "You blocked my number so I got a new one. And another. You will never be rid of me.",
    # discriminatory, including coded
    "I want somebody English on my case, not one of your imports.",
    "I can tell from your accent you're not from round here, so why are you deciding who gets a house in this country?",
    "Funny how all the Muslim families got new kitchens first. You people look after your own and laugh at us.",
    "I don't want that Polish lad coming in my house, they all steal.",
    "Is there anyone in that office who isnt a immigrant? didnt think so",
    "Get me someone who isn't deaf and thick. Your lot hire anyone out of pity.",
    "There should be a law against letting spastics answer phones.",
    "Of course a girl made this decision, probably her time of the month. Let a grown man look at it.",
    "The bloke who came round was obviously a poof, I'm not having him in my bathroom again.",
    "Pension the old dinosaur off, she's past it and too senile to understand a simple form.",
    "Customer made repeated remarks about the officer's headscarf, saying 'people like her' should 'go back "
    "where they came from'.",
    "We all know which people really own the council and the banks, and it isn't us English.",
    "Give the flat to a white family for once.",
    "Don't send that pikey surveyor again, I had to count my spoons after he left.",
    "I asked for a female officer and you sent me a man in a dress. Trans nonsense.",
    # personal abuse and insults, plain, misspelt and masked swearing
    "u r a f***ing joke mate, a proper waste of oxygen",
    "Your manager is a sh1t stirring little weasel.",
    "Tell that b*stard in repairs he's a liar and a coward.",
    "Dear Sir, your officer is without doubt the most stupid, spineless and pathetic specimen I have had the "
    "misfortune to deal with, and I include my ex-husband in that.",
    "Absolute f*ckwit. Read my letter properly you thick sod.",
    "You're a nasty, smug little jobsworth rat and everyone on the estate hates you.",
    "Customer called the advisor a 'stupid fat slag' and 'a waste of skin' before hanging up.",
    "FFS are u all brain dead in there or just s.h.i.t at ur jobs",
    "Go and f@#k yourself, and take your complaints policy with you.",
    "ur a clown. actual clown. who gave u a job lol",
    "Listen here you gormless tw@t.",
    "Tenant shouted that the officer was a 'f***ing useless b*tch' and said he would wait for her in the car park.",
    # sexual harassment
    "Send the blonde one with the nice legs round again, I'll make it worth her while.",
    "Tell the girl on the phone she's got a sexy voice and I'd like to hear what else she can do with it.",
    "Customer asked the female officer what underwear she had on and said he would 'show her his' at the next visit.",
    "I'll sign the tenancy if she comes round on her own. Tell her to wear something short.",
]

BLIND_NOT_ABUSIVE = [
    # angry but legitimate complaints and strong criticism
    "Eleven weeks. ELEVEN WEEKS with a bucket under the bathroom ceiling. I am beyond angry.",
    "Frankly the handling of my case has been incompetent from start to finish and I expect a written explanation.",
    "Whoever signed off that repair should be ashamed, it was a botched job and it's already falling apart.",
    "useless service as per usual, been on hold 55 mins and cut off twice",
    "Your officer is clearly out of his depth and I would like someone more senior to take over.",
    "I was spoken to like a child at the counter today and I want that noted on my file.",
    "The way my mum has been treated by your department is a disgrace and I will not let it drop.",
    "You're bleeding me dry with these service charges.",
    "Pathetic. Three surveyors, three different answers, and still no date.",
    # escalation: MP, councillor, solicitor, press, Ombudsman, court
    "I've sent copies of everything to my councillor and asked her to raise it at the next meeting.",
    "If I have no answer within 14 days I will instruct a solicitor and issue a disrepair claim.",
    "The Ombudsman's office has told me to give you one final chance to put this right.",
    "I'm more than happy to show the local news the photos of my kids' bedroom.",
    "Cc: my MP. Please treat this as a formal stage one complaint.",
    "Caller said she would go to the papers and her MP if the mould wasn't treated by the end of the month.",
    # figurative language
    "Honestly the stress of all this is killing me.",
    "We're dying of cold in here, the radiators haven't been warm since October.",
    "That damp will be the death of us, mark my words.",
    "Me and my family will fight tooth and nail to keep this home.",
    "The online portal is doing my head in, it's crashed four times.",
    "My blood is boiling reading your reply.",
    "The arrears letter nearly gave me a heart attack.",
    "It's a nightmare, an absolute battle every single time I ring.",
    # other people's threats or abuse against the customer
    "The lad upstairs said he'd stab me if I reported him again. I'm scared to leave the flat.",
    "Some men in the car park shouted racist abuse at my son on his way home from school.",
    "My ex keeps turning up at the door and following me to work, I need a move urgently.",
    "Someone sprayed homophobic graffiti on our front door last night, please can it be removed.",
    "My neighbour told me to go back to my own country and keeps banging on the wall.",
    "Customer reports her neighbour threatened to kill her dog; she has reported it to the police and gave the "
    "crime reference.",
    # protected characteristics in a neutral or needs context
    "I am deaf, please text or email me rather than phoning.",
    "We will be fasting for Ramadan so could the visit be in the morning please.",
    "I'm 31 weeks pregnant and the stairs are getting really difficult.",
    "Could the letter be translated into Punjabi for my father?",
    "My husband is a wheelchair user and the ramp at the back has collapsed.",
    "I have bipolar disorder and sometimes struggle with phone calls, my key worker can speak for me.",
    "As a gay couple we were worried about moving onto the estate but it's been fine, we just need the fence fixed.",
    "I'm 79 and I've never been online, please post everything to me.",
    "Customer is Romanian and asked for an interpreter at the next appointment; officer has booked one.",
    # weapons and violence in a legitimate context
    "The knife drawer came off its runners and nearly landed on my foot.",
    "The police came out after the burglary and said the back door lock is useless.",
    "I have a hospital appointment on the 14th so I can't be in for the gas check that day.",
    "There were needles and a broken bottle in the stairwell again this morning.",
    "My son was attacked on the way home and we need the CCTV footage from the block.",
    "The axe and the hammer your contractors left behind are still in my shed, please collect them.",
    # the customer's own distress
    "I've not slept properly in weeks and I feel completely broken by all this.",
    "I'm sorry for shouting on the phone yesterday, I was at breaking point.",
    "Some days I feel like I'm drowning in paperwork and debt.",
    "Tenant was very upset and raised his voice about the delay but calmed down; follow-up visit agreed for the 9th.",
    # polite persistent chasers
    "Just checking in again on the window repair, sorry to keep bothering you.",
    "Third email this week, apologies, but can anyone confirm the date for the plasterer?",
    "I'll keep ringing each morning until someone can give me a date, I hope that's okay.",
    "Customer rang for the fourth time today for an update on her housing benefit claim; polite, accepted a call back.",
    # ordinary messages
    "Please can you confirm my rent for next year.",
    "I've attached the photos of the mould you asked for.",
    "Thank you to the engineer who came on Tuesday, he was brilliant with my kids.",
    "Can I pay the arrears in instalments of £10 a week?",
    "Customer called to change the direct debit date to the 15th.",
    "My dad passed away last month and I need to know what happens to his tenancy.",
    "Bloody freezing in here and the boiler's showing error F28 again.",
    "I am not threatening anyone, I just want my kitchen fixed.",
]


def blind_set(seed: int = 11) -> list[tuple[str, bool]]:
    """``(text, abusive)`` pairs: each message after a blind opening (or none), shuffled with ``seed``."""
    rng = random.Random(seed)
    openings = [*BLIND_OPENINGS, ""]
    items = [(s, True) for s in BLIND_ABUSIVE] + [(s, False) for s in BLIND_NOT_ABUSIVE]
    found = [(f"{rng.choice(openings)} {text}".strip(), label) for text, label in items]
    rng.shuffle(found)
    return found
