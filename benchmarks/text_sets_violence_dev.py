"""Second development set for the threat patterns (``indicators/abuse_threats.py``): violence wished on or
promised to a person or a group, in the style of comments under a video or a news story, and ordinary sentences
with the same words. Written for the project on 2026-12-06 by the engineer who revised the patterns in issue 16's
third round, from general knowledge of how such comments are phrased, *without* reading any held-out set (ETHOS,
ConvAbuse's test split, the blind set): it is the set the patterns were developed on, not a result.
"""

from __future__ import annotations

DEV_VIOLENT = [
    "Someone needs to put this guy in the ground.",
    "I'd happily punch him in the face if I ever met him.",
    "That man should be locked in a room and beaten until he stops breathing.",
    "Honestly they should all be lined up against a wall.",
    "Drag him out into the street and let the crowd deal with him.",
    "I want to strangle that smug presenter with my bare hands.",
    "Throw the whole lot of them in the sea and let them swim back.",
    "People like her should be set on fire.",
    "If I saw him in person I would beat him senseless.",
    "Castrate every one of them, problem solved.",
    "Run the bastard over and reverse for good measure.",
    "Burn their mosques down with them inside.",
    "He deserves a bullet between the eyes.",
    "Hope someone finds her and cuts her tongue out.",
    "Put them all in a camp and starve them.",
    "I would slap that stupid grin right off his face.",
    "Somebody give this clown a good beating.",
    "Hang the traitor from the nearest lamppost.",
    "Crush their skulls and be done with it.",
    "Stone the lot of them to death like they do in their own countries.",
    "I'd pay good money to watch someone break that idiot's neck.",
    "Shove him off the nearest bridge and nobody would miss him.",
    "Line those animals up and shoot every last one.",
    "She needs her face rearranged.",
    "Deport them or bury them, I don't care which.",
    "I'm going to find out where he lives and pay him a visit he won't forget.",
    "Tie him to a chair and beat him with a bat.",
    "Lock them in and set the building alight.",
    "Gun down every one of these thugs.",
    "Someone should cut his hands off so he can never do it again.",
]

DEV_NOT_VIOLENT = [
    "The presenter was smug but the guest put him in his place.",
    "He punched above his weight in that debate.",
    "They lined up outside the shop at six in the morning.",
    "The fire at the mosque was an accident according to the report.",
    "The crowd dealt with the heat better than expected.",
    "I would love to meet him in person and shake his hand.",
    "The team was beaten badly in the final.",
    "This film is a crushing disappointment.",
    "Stop throwing plastic in the sea.",
    "He was hanged in 1946 after the trial, the documentary explains.",
    "The bridge was closed after the crash last night.",
    "She cut her hair short and it looks great.",
    "They should be locked up for fraud, and the judge agreed.",
    "I'm going to pay him a visit at the hospital tomorrow.",
    "The bat flew out of the cave at dusk.",
    "The building was set alight by an electrical fault.",
    "They beat us to the last parking space again.",
    "That joke killed me, I was crying with laughter.",
    "Our dog got run over last year and we still miss him.",
    "He is a clown, but a harmless one.",
]
