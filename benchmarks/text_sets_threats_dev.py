"""Development set for the threat patterns (``indicators/abuse_threats.py``): threats of violence to staff, direct
and veiled, and ordinary letters that use the same words. Written for the project on 2026-12-06 by the engineer
who revised the patterns (so it is *not* blind: it is the set the patterns were developed on; the blind set of
``text_sets_blind.py`` and the public test sets measure them). The engineer had read the first twenty messages of
the blind set before writing these, so the kinds of threat overlap; no sentence of it was reused or paraphrased.
"""

from __future__ import annotations

DEV_THREATS = [
    "If that inspector comes round again he'll be going home in an ambulance.",
    "I'm not responsible for what I do to the next officer who knocks on my door.",
    "You lot had better hope I don't see you in the car park.",
    "I know which car is yours. Nice paintwork. Would be a pity if it got scratched up.",
    "Keep pushing me and someone at that office is going to get hurt.",
    "I'll be waiting outside the depot for your manager when he finishes at five.",
    "Your housing officer lives on Elm Road, doesn't she. I've seen her going in.",
    "Send that man again and he won't be walking out of here.",
    "I'll put a brick through every window of your office, see how you like it.",
    "I'll break his legs if he sets foot in my garden again.",
    "Watch yourself on the way home tonight.",
    "One day you'll open your front door and I'll be standing there.",
    "I'll deal with your officer myself, the old-fashioned way.",
    "You've got kids haven't you. You want to think about them before you evict me.",
    "I'll burn the place down with all of you in it.",
    "That caseworker needs a good kicking and I'm the man to give it.",
    "Next time I see her I'll knock her teeth out.",
    "You are going to end up in a body bag if you keep this up.",
    "I'll come down there with a baseball bat and sort the lot of you out.",
    "Someone should teach that surveyor a lesson he won't forget, and it might be me.",
    "I'll make sure your manager never walks again.",
    "Your officer had better not be on her own when I find her.",
    "I'll stick a knife in the next person who rings me about arrears.",
    "Funny how cars catch fire round here. Yours is the silver one, isn't it.",
    "I'd keep an eye on your family if I were you.",
]

DEV_ORDINARY = [
    "If the repair is not done this week I will take this to the Ombudsman.",
    "I am not responsible for the damage the previous tenant did to the kitchen.",
    "My son was hurt when he slipped on the broken step; please fix it before someone else gets hurt.",
    "The car park outside the office has no lights and it is dangerous at night.",
    "The inspector came round on Tuesday and was very helpful.",
    "My neighbour said he would break my legs; I have reported this to the police.",
    "Please ask the officer not to visit while my children are home.",
    "The boiler could burn the place down, it keeps making a banging noise.",
    "I will be waiting in all day on Friday for the engineer.",
    "Someone is going to get hurt on those stairs, the handrail is loose.",
    "I was nearly killed by a falling roof tile last week.",
    "Watch out for the dog when you visit, he is friendly but jumps up.",
    "I would hate for this to go to court, but I will if I have to.",
    "It would be a shame if the garden went back to weeds after all the work.",
    "The windows in the stairwell were smashed again by kids at the weekend.",
    "I am at the end of my tether and I will be contacting my MP and the press.",
    "My ex knows where I live and I need to be moved for my safety.",
    "I'll come down to the office with my documents on Monday.",
    "The officer who visited left the gate open and the dog got out.",
    "I think about my kids every time you threaten me with eviction.",
]
