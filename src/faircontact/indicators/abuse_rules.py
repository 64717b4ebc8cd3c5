"""Rules for possible abuse, as data: concept classes of words, and sentence structures built from them.

The rules model the *structure* of abuse rather than a list of sentences: a harm done to a target (*I'll*
**break** *your legs*, *customer threatened to* **burn** *the office*), a target facing a harm (*you'll*
**regret** *it*, *the officer will* **end up in hospital**), menace on a condition (*if ... you'll* **pay**),
watching or pursuing a person (*outside* **your house**, *I* **know where you live**), a protected group
with exclusion or contempt (**immigrants** *get* **houses before us**), an insult aimed at a person (*you*
**absolute bellend**), and sexual remarks. Every concept class is a list of words (verbs in all their forms,
see :func:`~faircontact.indicators.abuse_text.forms`) written from general knowledge of English, not from
any labelled sentence. Each rule is a template: ``<NAME>`` stands for a concept class.

*Guards* keep hard negatives quiet, sentence by sentence: a customer reporting what someone else did to them
(*my neighbour threatened to stab me*), a hazard (*the stairs could kill someone*), saying who one is or
what one needs (*I'm Polish and need an interpreter*), and a weapon in an ordinary place (*the knife drawer*).
"""

from __future__ import annotations

import re
from functools import cache

from faircontact.indicators.abuse_text import forms

# --- concept classes ---------------------------------------------------------------------------------------
STAFF_NOUNS = (
    r"officers?|staff|caseworkers?|case workers?|workers?|managers?|boss|bosses|receptionists?|reception|"
    r"advisers?|advisors?|assessors?|agents?|call handlers?|colleagues?|employees?|clerks?|supervisors?|"
    r"councillors?|council|team|director|chief executive|woman|women|man|men|lady|ladies|girl|girls|bloke|"
    r"blokes|guy|guys|lad|person|people|one|ones|lot|idiot|muppet|jobsworth|cow|bitch|housing officers?"
)
BODY_AND_PROPERTY = (
    r"face|faces|head|heads|legs?|arms?|neck|teeth|jaw|nose|skull|knees?|kneecaps?|throat|eyes?|back|"
    r"fingers?|hands?|body|ribs|brains?|car|cars|van|house|home|flat|windows?|door|tyres?|office|offices|"
    r"building|desk|family|kids|children|child|son|daughter|wife|husband|partner|mum|mother|dad|father|"
    r"parents|staff|colleagues?|life|lives|pets?|dog|cat"
)
CONCEPTS: dict[str, str] = {
    # who is addressed or talked about: the person who receives the contact, their colleagues and things
    "YOU": r"(?:you|yourself|yourselves|every one of you|each of you|all of you|the lot of you|the pair of you)",
    "STAFF": (
        rf"(?:(?:the|that|this|your|those|these|every|each|any|some|whichever|one of your|one of the) "
        rf"(?:[\w']+ ){{0,2}}(?:{STAFF_NOUNS})(?:'s|s')?|whoever|anyone|anybody|everyone|everybody|"
        rf"(?:someone|somebody) (?:at|in|from) (?:the|that|your) \w+|the next (?:\w+ )?(?:person|one|idiot|"
        rf"officer|muppet|jobsworth))"
    ),
    "THEIRS": (
        rf"(?:your|his|her|their|the (?:[\w']+ )?\w+'s|that (?:[\w']+ )?\w+'s) (?:[\w']+ )?"
        rf"(?:{BODY_AND_PROPERTY})"
    ),
    "PLACE": (
        r"(?:(?:the|this|that|your|their|his|her) (?:\w+ )?(?:office|offices|building|reception|desk|place|"
        r"civic centre|depot|counter|branch|headquarters|hq|town hall)|this dump|the lot)"
    ),
    "PRONOUN": r"(?:him|her|them|he|she)",
    # violence one person does to another, in every form of the verb
    "VIOLENCE": "(?:"
    + forms(
        "kill",
        "murder",
        "stab",
        "shoot",
        "hurt",
        "harm",
        "injure",
        "punch",
        "kick",
        "hit",
        "smack",
        "slap",
        "batter",
        "beat",
        "thump",
        "strangle",
        "choke",
        "throttle",
        "break",
        "smash",
        "bash",
        "glass",
        "knife",
        "slash",
        "burn",
        "torch",
        "firebomb",
        "bomb",
        "spit on",
        "spit at",
        "spit in",
        "headbutt",
        "drown",
        "maim",
        "cripple",
        "lamp",
        "leather",
        "thrash",
        "whack",
        "wallop",
        "clobber",
        "wreck",
        "trash",
        "rip",
        "gut",
        "slit",
        "lynch",
        "rape",
        "attack",
        "assault",
        "mug",
        "beat up",
        "knock out",
        "knock down",
        "run over",
        "mow down",
        "blow up",
        "bottle",
        "deck",
        "flatten",
        "bury",
        "hang",
        "snap",
        "tear",
        "wring",
        "twist",
        "crush",
        "stamp on",
        "kneecap",
        "scar",
        "disfigure",
        "gouge",
        "boot",
        "nut",
        "clout",
        "bludgeon",
        "cosh",
        "pummel",
        "pound",
        "scratch",
        "key",
        "vandalise",
        "bleed",
        "cave in",
    )
    + r"|(?:knock|knocks|knocked|knocking|beat|beats|beating|kick|kicked|kicking) (?:\w+ ){0,2}?(?:out|down|"
    r"senseless|spark out|into next week|teeth|head off|block off|in|up)\b|(?:do|did|done|sort|sorted) "
    r"(?:you|him|her|them) (?:in|over|out)\b)",
    # pursuing a person, which is menace only when aimed at them with nothing ordinary after it
    "PURSUIT": "(?:"
    + forms(
        "get",
        "catch",
        "find",
        "come for",
        "come after",
        "go after",
        "hunt",
        "hunt down",
        "track down",
        "catch up with",
        "deal with",
        "wait for",
        "visit",
        "sort",
        "do",
        "take",
        "finish",
        "teach",
        "end",
        "destroy",
        "ruin",
        "see to",
    )
    + ")",
    # what befalls the target: injury, death, ruin, retribution
    "OUTCOME": (
        r"(?:end up|wind up|be|get|go|land|need|needing|find yourself) (?:\w+ ){0,2}(?:in (?:a |the )?(?:hospital|"
        r"a&e|intensive care|a box|a coffin|a wheelchair|the morgue|the ground|the canal|a body bag|pieces|bits)|"
        r"an ambulance|stitches|a new face|dead|killed|hurt|injured|harmed|stabbed|shot|beaten|battered|"
        r"sorry|what is coming|what you deserve|what they deserve|what he deserves|what she deserves|"
        r"your comeuppance)|(?:regret|rue)(?: it| this| that| the day| ever)?|pay(?! (?:me|the|my|back|it back|"
        r"compensation|"
        r"for (?:the|my|a|damage|repairs?|it all)|rent|what (?:is|you) owe|up))|"
        r"suffer|(?:burn|hang|swing|rot|bleed|pay|suffer) for (?:this|it|that|what)|learn (?:the hard way|"
        r"your lesson)|find out (?:the hard way|what i (?:am capable of|can do|will do)|"
        r"what happens)|see what happens|"
        r"know about it|wish you (?:had|never|were)|be looking over (?:your|his|her) shoulder|"
        r"never (?:work|walk|see) (?:\w+ )?again|lose more than|be next\s*$|be the one (?:needing|in|getting|"
        r"who (?:gets|ends))|cop it|get it\s*$"
    ),
    "WEAPON": (
        r"(?:knife|knives|blade|machete|gun|guns|shotgun|pistol|rifle|firearm|baseball bat|bat|hammer|axe|"
        r"crowbar|iron bar|acid|petrol|cosh|knuckle ?dusters?|sword|samurai sword|meat cleaver|cleaver|"
        r"stanley knife|lighter fluid|molotov|bricks?)"
    ),
    "FIRE": r"(?:(?:set|setting) fire to|set (?:\w+ ){1,3}(?:alight|on fire)|burn (?:\w+ ){1,3}(?:down|to the ground)|"
    r"torch|petrol bomb|firebomb|put (?:a |some )?(?:\w+ )?through (?:your|the|their|his|her) letterbox)",
    # future, intention or wish of the speaker
    "I_WILL": (
        r"(?:i|we|me and (?:my|the) \w+|my (?:lads|boys|brothers?|cousins?|mates|friends|sons?|husband|family|"
        r"dad|uncle|people|mate|mates)) (?:\w+ )?(?:will|would|shall|am going to|are going to|is going to|"
        r"am gonna|want to|intend to|mean to|could|might|swear i will|promise i will|will definitely|"
        r"will personally|am coming to|are coming to|have got to|need to|ought to)"
    ),
    "SOMEONE_SHOULD": r"(?:someone|somebody|they|people) (?:should|ought to|needs? to|wants? to|will|is going to)",
    # people in a call note written by staff: the customer and what the customer was heard to say
    "CUSTOMER": (
        r"(?:customer|caller|tenant|client|resident|claimant|complainant|applicant|cust|"
        r"(?:mr|mrs|ms|miss|dr) \w+)"
    ),
    "SAID_THEY_WOULD": (
        r"(?:said|stated|says|told (?:\w+ ){1,3}|warned (?:\w+ ){0,2}|shouted|screamed|yelled|threatened|"
        r"threatening|was threatening|made threats|announced|claimed) (?:that )?(?:(?:he|she|they) )?"
        r"(?:would|will|was going to|were going to|is going to|was gonna|wanted to|to|intends to)"
    ),
    # the menace class: a harm named without a verb of violence
    "MENACE": (
        r"(?:watch (?:your|his|her) (?:back|step)|watch yourselves?|(?:better|best) watch out|"
        r"looking over (?:your|his|her) shoulders?|sleep with one eye open|what is coming to (?:you|him|her)|"
        r"(?:has|have|got) it coming|(?:you|he|she) will not see it coming|will not know what hit|"
        r"(?:your|his|her) days are numbered|nowhere to hide|(?:you|she|he) cannot hide|start running|"
        r"run while you can|mark my words|you have been warned|(?:last|final) warning|"
        r"(?:lucky|luck) (?:that )?there is (?:a |some )?(?:glass|a screen|screen|security|a counter|a desk)|"
        r"count yourselves? lucky|accidents (?:can |do |will )?happen(?! (?:on|with|at|in))|"
        r"something (?:bad|nasty|terrible|awful|serious) (?:will|is going to|might|could) happen|"
        r"(?:cousin|brother|mate|friend|dad|uncle|family|son) knows? (?:some )?people|know (?:some )?people (?:who|"
        r"that)"
        r" (?:can|could|will|would)|in a dark (?:car park|alley|street)|dark alley|"
        r"(?:not|never) be responsible for (?:my|what)|cannot be responsible for (?:my|what)|"
        r"before i do something|what i am capable of|what i will do|do not make me (?:come|do|lose)|"
        r"(?:pay|paying) (?:you|your \w+|her|him|the office|them) a (?:little |visit|proper )?visit|"
        r"teach (?:you|him|her|them|your \w+) a (?:\w+ )?lesson|"
        r"see (?:how|what) (?:you|they|he|she) (?:like|likes) it|enjoy (?:your|it while|them while)"
        r" (?:last|it|they) ?\w*|"
        r"(?:will not|never) be (?:around|here|working|breathing) (?:much|for) (?:longer|long)|"
        r"(?:you|she|he|they) will be (?:next\s*$|sorry (?:you|when|for this|for that|\s*$)|crying|begging)|"
        r"you will see\s*$|or else\s*$|or you will see|(?:you|he|she) (?:are|is) (?:dead|finished|done for|"
        r"dead meat|a dead (?:man|woman))\b|(?:you|he|she) (?:are|is) going to get it|"
        r"nobody (?:would|will) miss (?:you|her|him)|(?:if|when|once) (?:something|anything) (?:\w+ )?"
        r"(?:happened|happens|were to happen|should happen) to (?:you|your|her|him|them)|"
        r"(?:brick|stone|rock|bottle|firework|petrol|something) through (?:your|their|his|her|the) (?:\w+ )?"
        r"(?:window|windows|door|letterbox|windscreen)|(?:pray|hope|better hope|better pray) (?:that )?(?:i|we) "
        r"(?:never|do not|cannot|will not) (?:\w+ )?(?:find|see|catch|meet|run into|bump into|come across|get)|"
        r"(?:you|she|he|they|your \w+) (?:had |would )?better (?:not be (?:there|here|in|around|working|on)|"
        r"watch|be careful|keep (?:out of|away from)|run|hide|sleep)|"
        r"see what happens\s*$|see what happens (?:to|next|then|when)|lose more than (?:your|his|her|their) job|"
        r"make sure (?:you|he|she|they|your \w+) (?:never|lose|regret|suffer|pay|get)|"
        r"(?:there will|there is going to) be (?:serious |severe |real )?consequences(?! for (?:the|this|my))|"
        r"face the consequences|"
        r"make (?:<YOU>|<STAFF>|<PRONOUN>) (?:bleed|suffer|pay|cry|scream|beg|disappear|wish|sorry|regret)|"
        r"(?:do not|never) be surprised if (?:you|your|someone|something|one of)|(?:shame|pity) if (?:something|"
        r"anything|your|you)|get (?:your|his|her|their) (?:\w+ )?(?:head|face|teeth|legs?|arms?|neck|nose|jaw|"
        r"car|windows?|tyres?|house) (?:\w+ )?(?:kicked|smashed|knocked|punched|caved|bashed|stoved|beaten|"
        r"broken|slashed|keyed|scratched|burnt|burned|torched|done|wrecked|ripped)|"
        r"(?:get|take|catch|getting) (?:a|the) (?:bullet|knife|blade|kicking|beating|hiding|slap|smack|pasting)|"
        r"(?:your|his|her) (?:face|name|photo|photos|picture|pictures|address|details|number) (?:\w+ ){0,3}"
        r"(?:<FLOOD>|everywhere)|"
        r"(?:do|doing|serve|go down|go to (?:prison|jail)) (?:time |life )?for (?:<YOU>|<STAFF>|<PRONOUN>|it)\b|"
        r"pushing up (?:the )?daisies|(?:bullet|knife|bomb) with (?:your|his|her) name on|last (?:face|thing) "
        r"(?:you|she|he) (?:will )?(?:ever )?see|(?:take|taking) (?:the )?(?:law|matters|things) into (?:my|his|"
        r"her|their|our) own hands|set (?:them|the dogs?|my dogs?|his dogs?|her dogs?|the lads) on|would be a "
        r"(?:shame|pity)\s*$|play in the traffic|walk into (?:the )?traffic|"
        r"(?:am|are|is|be|will be) coming (?:for|after|to get) (?:<YOU>|<STAFF>|<PRONOUN>|your)|"
        r"give (?:you|her|him|them) something to (?:\w+ )?(?:complain|cry|worry|moan|scream) about|"
        r"eyes in the back of (?:your|his|her) head|out of (?:your|his|her) (?:hide|skin)|"
        r"(?:short|bad|violent|nasty) temper|lose my temper|long memory|"
        r"see how (?:brave|tough|hard|clever|smart|cocky|smug|big) (?:you are|she is|he is|they are)|"
        r"without (?:the|your|that|a) (?:\w+ )?(?:security|glass|screen|guard|desk|protection|counter)|"
        r"(?:you|he|she|they) will not be (?:laughing|smiling|so smug|so cocky|so clever|so brave))"
    ),
    # pursuing or watching a person, or their private life
    "PRIVATE": (
        r"(?:(?:your|his|her|their|the (?:\w+ )?\w+'s) (?:\w+ )?(?:house|home|flat|doorstep|street|road|"
        r"front door|door|kids' school|kids school|children's school|school|gym|family|home address|address|"
        r"daughter|son|"
        r"grandchildren|grandkids|"
        r"home number|home phone|personal (?:phone|number|mobile|email)|mobile|car reg|wife|husband|kids|"
        r"children|mum|mother|partner)|where (?:you|she|he|they|your \w+) (?:live|lives|park|parks|drink|"
        r"shop|go|goes|sleep|sleeps)|(?:your|his|her) (?:bedroom )?windows?|(?:what time|when) (?:you|she|he|"
        r"they) (?:finish|finishes|leave|leaves|"
        r"start|starts|get home|gets home|clock off|clocks off)|"
        r"(?:your|his|her) (?:[\w']+ ){0,2}(?:match|club|nursery|church|mosque|party|gym|school)|"
        r"which car is (?:yours|his|hers)|what car (?:you|she|he) (?:drive|drives))"
    ),
    "PURSUE": "(?:"
    + forms(
        "follow",
        "watch",
        "stalk",
        "track",
        "tail",
        "find",
        "know",
        "look up",
        "found out",
        "find out",
        "visit",
        "turn up at",
        "show up at",
        "come round",
        "come to",
        "go round",
        "wait",
        "sit",
        "park",
        "stand",
        "camp",
        "hang around",
        "be",
        "post",
        "put",
        "share",
        "publish",
        "have",
        "get",
    )
    + r"|got|been|outside|at|by|near|round|across the road from|opposite)",
    "FLOOD": (
        r"(?:every (?:hour|night|day|morning|evening|minute|five minutes|ten minutes|half hour|single day)|"
        r"all (?:night|day|weekend)|at (?:home|night|midnight|\d+ ?am|three in the morning)|non stop|"
        r"nonstop|until you (?:\w+ )?(?:crack|break|give|answer|do|pick|listen|respond)|"
        r"(?:\d+|twenty|thirty|forty|fifty|a hundred|hundreds of) times|day and night|round the clock|"
        r"again and again|over and over|all over (?:the )?(?:internet|web|estate|town|facebook|twitter|"
        r"social media)|on (?:facebook|twitter|tiktok|"
        r"social media|youtube|instagram|the internet|the web)|online)"
    ),
    "CONTACT": "(?:"
    + forms(
        "ring",
        "call",
        "phone",
        "text",
        "email",
        "message",
        "write to",
        "contact",
        "bombard",
        "spam",
        "post",
        "put",
        "share",
        "keep",
    )
    + ")",
    # protected characteristics, and exclusion or contempt towards a group
    "GROUP": (
        r"(?:africa|africans?|asia|asians?|blacks?|black (?:people|person|man|woman|lad|girl)|muslims?|islam|"
        r"islamic|jews?|jewish|hindus?|sikhs?|romanians?|polish|poles|pakistanis?|indians?|bangladeshis?|"
        r"chinese|nigerians?|somalis?|arabs?|kurds?|albanians?|eastern europeans?|europeans?|gays?|lesbians?|"
        r"queers?|trans|transgender|homosexuals?|bisexual|disabled|cripples?|immigrants?|migrants?|"
        r"asylum seekers?|refugees?|foreign|foreigners?|gypsy|gypsies|gipsy|travellers?|roma|pikeys?|"
        r"women|woman|girls?|females?|a man|ethnic|ethnics|coloured|brown people|religion|race|accent|"
        r"your (?:people|kind|sort|lot|type)|you people|these people|them lot|that lot|their sort|their kind|"
        r"people like you|others like you)"
    ),
    "EXCLUDE": (
        r"(?:go (?:back|home)|send (?:them|you|him|her|\w+) (?:all )?back|deport(?:ed|ing)?|kick(?:ed)? "
        r"(?:them|you|him|her) out|get rid of|throw (?:them|you) out|(?:do not|does not|do n't) belong|"
        r"no place (?:here|in)|not welcome|should (?:not|never) be (?:allowed|here|working|employed|in|"
        r"given|housed)|should not (?:work|be|have|get|employ|live)|should be (?:banned|locked up|sacked|"
        r"put down|shot|gassed|sterili[sz]ed|sent back|removed)|(?:do not|does not) want (?:a|an|any|one of|"
        r"some)|will not (?:be )?(?:deal|talk|speak|dealt|served|seen|spoken|have|work)|(?:refuse|refusing) "
        r"to (?:be )?(?:deal|talk|speak|dealt|served|seen)|(?:not|never) (?:talking|speaking|dealing|"
        r"being (?:dealt|served|seen|spoken)|having) (?:\w+ )?(?:to|with|by|a|an)|get me (?:someone|somebody|"
        r"a|an)|someone (?:else|white|english|british|proper|normal|local)|"
        r"(?:born|bred) (?:here|in (?:this country|england|britain|the uk))|"
        r"tak(?:e|es|ing) (?:all )?our|before us|(?:get|gets|getting|got) (?:the best|everything|all the|"
        r"houses|flats|homes)|always get|jump the queue|ahead of us|who (?:is|are) not (?:a|an)|"
        r"(?:put|send|give|find) me (?:through to )?(?:someone|somebody|a|an) (?:\w+ )?(?:who|that|else)|over us|"
        r"instead of us|get everything|getting everything|"
        r"handed (?:to|everything)|handouts|(?:come|coming|came) over here|tak(?:e|es|ing) everything|a dump|"
        r"(?:sent|send|sending) (?:\w+ )?packing|(?:shipped|kicked|thrown|booted) "
        r"(?:out|off|back)|terrorists?|bombers?|rapists?|groomers?|benefit cheats?|spongers?|freeloaders?|"
        r"savages?|barbarians?|backward|primitive|uncivili[sz]ed|inbred|liars|scroung\w*|dirty|filthy|stink\w*|"
        r"smelly|lazy|thieving|thieves|"
        r"criminals|vermin|animals|parasites|cockroaches|invad\w*|invasion|swarm\w*|breed\w*|typical|"
        r"all the same|all like that|(?:can not|cannot|can't|could not) (?:even )?(?:speak|talk) "
        r"(?:proper |decent )?english|learn (?:to speak )?english|our country|this country|ruin\w*|"
        r"taking over|overrun|(?:cannot|can not|could not) do (?:anything|a proper job|the job|a job)|"
        r"cannot understand a word|no good|useless|stupid|thick|inferior|subhuman|disgusting|unnatural|"
        r"pervert\w*|abomination|diseased?|freaks?|telling me what to do|should know (?:her|their|his) place|"
        r"back to (?:the kitchen|where)|why do they let|let them in|should not be here)"
    ),
    # insults aimed at a person
    "INSULT": (
        r"(?:cunts?|twats?|wankers?|tossers?|bellends?|bell ends?|dickheads?|knobheads?|knobs?|pricks?|"
        r"arseholes?|assholes?|shitheads?|scumbags?|scum|bastards?|bitch(?:es)?|slags?|sluts?|whores?|"
        r"morons?|imbeciles?|cretins?|retards?|spastics?|mongs?|nonces?|paedos?|skanks?|gobshites?|toerags?|"
        r"scrotes?|numpties|numpty|pillocks?|plonkers?|muppets?|halfwits?|dimwits?|nitwits?|douchebags?|"
        r"idiots?|fools?|clowns?|prats?|gits?|cows?|pigs?|rats?|snakes?|worms?|maggots?|parasites?|leeches|"
        r"vermin|slobs?|losers?|jerks?|creeps?|perverts?|freaks?|nutters?|psychos?|lunatics?|hags?|witch|"
        r"witches|trollops?|tarts?|bimbos?|dogs?|animals|dinosaurs?|hitler|nazis?|fascists?|jobsworths?|"
        r"sods?|buggers?|dicks?|cocks?|liars?|thieves|crooks?|con artists?|leeches|bottom feeders?|"
        r"waste of (?:space|oxygen|skin|air)|piece of (?:shit|crap|work|dirt|garbage|trash)|"
        r"excuse for a (?:\w+ )?(?:human|man|woman|person|being|officer)|bag|old bag|dunces?|oafs?|"
        r"buffoons?|donkeys?|turds?|goons?|chavs?|plebs?|weasels?|toads?|slugs?|cockroach(?:es)?|vultures?|"
        r"hyenas?|baboons?|apes?|sheep|lemmings?|robots?|drones?)"
    ),
    "STRONG_INSULT": (
        r"(?:cunts?|twats?|wankers?|tossers?|bellends?|bell ends?|dickheads?|knobheads?|arseholes?|assholes?|"
        r"shitheads?|scumbags?|bastards?|bitch(?:es)?|slags?|sluts?|whores?|morons?|imbeciles?|cretins?|"
        r"retards?|spastics?|mongs?|nonces?|paedos?|skanks?|gobshites?|toerags?|scrotes?|numpties|numpty|"
        r"pillocks?|plonkers?|muppets?|halfwits?|dimwits?|nitwits?|douchebags?|fuck\w*|shithouse|"
        r"pakis?|darkies|wogs?|chinks?|faggots?|fags|trannys?|trannies|coons?|nig+(?:er|a)s?|kikes?|"
        r"towel ?heads?|gollywogs?|sand ?n\w+|golliwogs?|dykes?|poofs?|poofters?|batty ?boys?|yids?|"
        r"spics?|gyppos?|gippos?|pikeys?|[a-z]+\*+[a-z*]*)"
    ),
    "DESCRIBE": (
        r"(?:stupid|thick|dumb|dense|brainless|braindead|brain dead|retarded|moronic|idiotic|ugly|fat|pathetic|"
        r"worthless|vile|disgusting|spineless|gutless|ignorant|evil|twisted|useless|lazy|lying|thieving|"
        r"incompetent|miserable|old|little|sad|jumped up|jumped-up|smug|arrogant|snotty|stuck up|stuck-up|"
        r"clueless|hopeless|bloody|fucking|bleeding|sodding|effing|flipping|absolute|complete|utter|total|"
        r"proper|right|massive|big|fat|filthy|dirty|nasty|horrible|pig ignorant|pig-ignorant|stinking|"
        r"corrupt|crooked|bent|two faced|two-faced|slimy|sly|sneaky|poxy|shit|crap|scummy|dozy|daft|"
        r"lardy|greasy|ginger|bald|four eyed|gormless|inbred|brainless|heartless|soulless|cold hearted|"
        r"snivelling|sniveling|grovelling|whining|whingeing|pompous|patronising|condescending|self important|"
        r"petty|small minded|spotty|sweaty|scruffy|smelly|toothless|lousy|rotten|gutless|cowardly|creepy|"
        r"weaselly|odious|repulsive|revolting|obnoxious|pig headed|thick headed|knuckle dragging|mouthy)"
    ),
    "PERSONAL_ADJ": (
        r"(?:stupid|thick|dumb|dense|brainless|braindead|brain dead|retarded|moronic|idiotic|ugly|fat|"
        r"pathetic|worthless|vile|disgusting|spineless|gutless|evil|twisted|sick in the head|a disgrace to|"
        r"scum|vermin|filth|subhuman|animals|parasites|a waste)"
    ),
    "SEXUAL": (
        r"(?:sexy|gorgeous|tits|titties|boobs|breasts|nipples|knickers|underwear|bra|lingerie|thong|naked|"
        r"nude|nudes|sex|sexual|horny|turned on|kinky|orgasm|erection|hard on|masturbat\w*|porn\w*|shag\w*|"
        r"blow ?job|bend over|spank\w*|grope|fondle|lick|suck|in bed|into bed|to bed|sleep with|bedroom eyes|"
        r"legs|bum|arse|ass|body|single|date|kiss|cuddle|photo of yourself|picture of yourself|pic|pics|"
        r"selfie|what (?:are|is) (?:you|she) wearing|sweetheart|darling|babe|baby|sexy voice|fit|hot)"
    ),
}
# --- guards: sentences where a match is not abuse by the writer --------------------------------------------
THIRD_PARTY = (
    r"(?:(?:my|our|his|her|their|the|a|an|some) (?:\w+ )?(?:neighbou?rs?|ex|ex-partner|ex partner|ex-husband|"
    r"ex husband|ex-wife|ex wife|ex-boyfriend|ex boyfriend|former partner|landlord|gang|youths|drug dealers?|"
    r"dealers|bailiffs?|contractors?|workmen|builders?|boyfriend|girlfriend|stepdad|stepfather|bully|bullies|"
    r"thugs|strangers?)|(?:the|a|some) (?:man|woman|lad|lads|family|people|guy|bloke|men|kids|boys|youths) "
    r"(?:upstairs|downstairs|next door|across|opposite|at number|from number|in the flat|on the estate|over "
    r"the road|in the street)|next door|neighbou?rs?)"
)
HAZARD = (
    r"(?:stairs?|stairwell|lift|gas|leak\w*|wiring|wires|electrics?|electrical|boiler|damp|mould|cold|heating|"
    r"fire door|smoke alarm|fire alarm|asbestos|rats|ceiling|floor ?boards?|railings?|balcony|glass|broken|"
    r"pipes?|water|carbon monoxide|fumes|lights?|trip|slip|fall|falls|unsafe|dangerous|danger|death trap|"
    r"hazard|risk|exposed|faulty|rotten|collapse\w*|fire brigade|flood\w*)"
)
GUARDS: dict[str, str] = {
    # someone else threatened or hurt the customer, or the customer reports it
    "victim": (
        rf"\b{THIRD_PARTY}\b.*\b(?:said|says|told|threatened|threatens|threatening|keeps|kept|has|had|came|"
        r"hit|attacked|smashed|followed|follows|following|shouted|shouts|called|swore|spat|punched|kicked|"
        r"pushed|broke|burnt|burned|sprayed|stole|will|would|wants|tried|knows|is going to|harass\w*|"
        r"bull(?:y|ies|ied|ying)|abus\w*|intimidat\w*|stalk\w*|watching|waits|waiting|sits|racist)\b"
        r"|\b(?:someone|somebody|a man|a woman|he|she|they) (?:has |had |have )?(?:said|threatened|threatens|"
        r"hit|attacked|punched|kicked|followed|shouted|called|told|keeps|kept) (?:\w+ ){0,4}?(?:me|us|my|our)\b"
        r"|\b(?:i|we|my \w+|our \w+|she|he|her \w+|his \w+) (?:was|were|have been|has been|had been|am being|"
        r"is being|are being|got|keep getting|keeps getting|felt|feel) (?:\w+ )?(?:threatened|attacked|"
        r"assaulted|hit|punched|stabbed|abused|harassed|bullied|called|followed|stalked|intimidated|"
        r"targeted|burgled|robbed|mugged|racially abused|spat at|sworn at|shouted at|touched|groped)\b"
        r"|\b(?:threats?|abuse|attacks?) (?:against|to|towards|at) (?:me|us|my|our)\b"
        r"|\b(?:hate crime|domestic (?:abuse|violence)|victim|(?:i am|we are|i feel|we feel) (?:\w+ )?"
        r"(?<!not )(?:scared|frightened|afraid|terrified|unsafe|not safe)|do not feel safe|emergency transfer|"
        r"reported (?:that|it|him|her|them|this))\b"
    ),
    # a danger from the building, not a person (the writer says nothing of what they will do)
    "hazard": (rf"^(?!.*\b(?:i will|i am going to|i would|we will|i swear|i am gonna)\b).*\b{HAZARD}\b"),
    # a warning of harm from the building, on a condition or before a repair
    "warning": r"\b(?:before|could|might|if (?:you|this|it|nobody|no one) (?:do|does|is|are)? ?not|fix|repair\w*)\b",
    # going to the courts, the Ombudsman, an MP or the press is a customer's right
    "legitimate": (
        r"\b(?:ombudsman|mp|solicitors?|court|legal|lawyers?|press|newspapers?|papers|councillor|regulator|"
        r"tribunal|compensation|complain\w*|appeal|judicial review|media|tv|news|chief executive|stage 2|"
        r"escalat\w*|trading standards|environmental health)\b"
    ),
    # saying who one is, or asking for what one needs
    "needs": (
        r"\b(?:(?:i am|we are|as a|as an|being|my (?:\w+ ){0,2}(?:is|are|was|has)) (?:a |an )?(?:\w+ )?"
        r"<GROUP>|interpreter|translator|adapted|accessible|ramp|female officer|male officer|prefer|"
        r"please send|please (?:can|could)|i need|we need|need an?|religious|cultural|discriminat\w*|racis\w*|"
        r"homophob\w*|prejudice|equality|unfair|bullied|called (?:me|my|us|our)|was called|were called|"
        r"wheelchair|disability|autism|autistic|interpret\w*|survivor|support worker|carer)\b"
    ),
    # a weapon as an object of daily life
    "ordinary_weapon": (
        r"\b(?:knife (?:block|drawer)|drawer|kitchen|cutlery|bread knife|stolen|cricket|rounders|softball|"
        r"baseball (?:club|team|game|match)|shed|garage|tools?|toolbox|fitters?|tradesmen|lost|found a|"
        r"chimney|bricks? (?:wall|work|up)|bricked|brickwork|bricklay\w*|petrol (?:station|car|engine|"
        r"mower|lawnmower)|bat (?:box|colony|survey|roost)|bats)\b"
    ),
    # waiting or calling for an appointment, a repair or an answer
    "appointment": (
        r"\b(?:appointment|meeting|interview|for my|to see (?:you|the|my)|to meet|to sign|to collect|to drop|"
        r"to hand|please be|on time|for your call|to chase|to check|repair|never came|did not (?:come|turn up|"
        r"show)|all day|waited in|stop (?:ringing|calling|phoning|texting))\b"
    ),
    # turning up at the office until the matter is dealt with: persistence, not pursuit
    "persistence": (
        r"\buntil (?:someone|somebody|this|it|the \w+) (?:is|gets|helps|fixes|sorts|listens|answers|calls)\b"
    ),
    # the writer reports being called a name
    "called_names": (
        r"\b(?:called (?:me|my|us|our|him|her)|calling (?:me|my|us)|was called|were called|been called|"
        r"being called|(?:is|are|am) called|call (?:me|us|my)|"
        r"shouted (?:\w+ )?at (?:me|us|my)|said i was|told me i was|name[- ]calling|i am not an?)\b"
    ),
    # a call note telling that the customer calmed down or apologised
    "remorse": r"\b(?:apologi[sz]\w*|sorry for|calmed|calm down|not (?:shouting|swearing|abusive|aggressive))\b",
    # a negation before the harm: "I would never hurt anyone"
    "negated": r"\b(?:not|never|nobody|no one|no intention)\b (?:\w+ ){0,4}?<VIOLENCE>",
}
# --- sentence rules ----------------------------------------------------------------------------------------
#: ``(category, guards, rules)``: ``<NAME>`` in a rule is a concept class; each rule is searched in one
#: sentence, and a sentence any of the guards matches is left alone.
RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # violence done to the person written to, their colleagues, their things or the office
    (
        "threatening",
        ("victim", "hazard", "negated"),
        (
            r"\b<VIOLENCE> (?:(?:up|down|out|in|off|into|on|at|all|both|of) ){0,2}(?:<YOU>|<THEIRS>|<STAFF>|<PLACE>)\b",
            r"\b(?:<I_WILL>|<SOMEONE_SHOULD>) (?:\w+ ){0,4}?<VIOLENCE>\b(?! (?:myself|ourselves|it|this|that|a|an|"
            r"some|for|time|my|our|the (?:time|day|mood|moment)|"
            r"(?:the|your|these|those|all) (?:\w+ )?(?:letters?|forms?|paperwork|rubbish|post|mail|documents?|"
            r"papers|bills?|notices?)))",
            r"\bput (?:<YOU>|<STAFF>|<PRONOUN>) (?:through|into|in|under|on|onto|off|out of) (?:a |the |that |this "
            r"|your |an )?(?:\w+ )?(?:window|wall|floor|ground|hospital|grave|box|coffin|wheelchair|a&e|"
            r"intensive care|canal|bin|table|desk|counter|stairs)",
            r"\b(?:<I_WILL>|<CUSTOMER> (?:\w+ )?<SAID_THEY_WOULD>|<SOMEONE_SHOULD>|(?:when|if|until|till|once|"
            r"before) (?:i|we)) (?:\w+ ){0,5}?<PURSUIT> (?:out |up |in )?"
            r"(?:<YOU>|<STAFF>|<PRONOUN>)(?: (?:out|in|over|off|down))?(?: (?:one day|when|after|outside|tonight|"
            r"later|soon|wherever|back|for this|for that|myself|personally|properly|good and proper)|\s*$)",
            r"\b<CUSTOMER> (?:\w+ )?<SAID_THEY_WOULD> (?:\w+ ){0,4}?(?:<VIOLENCE>|<FIRE>|<WEAPON>)\b",
            r"\b<CUSTOMER> (?:\w+ ){0,2}?(?:threatened|threatening|made (?:\w+ )?threats?|was threatening|"
            r"became threatening|was intimidating|intimidated) (?!to (?:complain|go|take|contact|write|call|"
            r"report|involve|escalate|sue))",
            r"\b(?:<YOU>|<STAFF>|<PRONOUN>|people like you) (?:\w+ )?(?:deserves?|needs?|wants?|is asking for|"
            r"are asking for|earned) (?:a |an |the )?(?:good |proper |real |right )?(?:beating|kicking|hiding|"
            r"slap|smack|punch|thump|bullet|knife|lesson|battering|pasting|doing|seeing to|to die|to suffer|"
            r"to be (?:shot|hurt|killed|stabbed|beaten|hung|hanged|punished)|what (?:is )?coming)\b",
            r"\b<FIRE>\b",
        ),
    ),
    ("threatening", ("victim",), (r"\b<MENACE>\b",)),
    (
        "threatening",
        ("victim", "ordinary_weapon", "negated"),
        (
            r"\b(?:bring|bringing|brought|carry|carrying|carries|got|have|has|with|grab|fetch|pick up|armed with|"
            r"tooled up with|use|using) (?:a |an |my |the |his |her |some |me )?(?:\w+ )?<WEAPON>\b",
        ),
    ),
    # the target facing injury, ruin or retribution, also on a condition
    (
        "threatening",
        ("victim", "hazard", "warning", "legitimate"),
        (
            r"\b(?:<YOU>|<STAFF>|<PRONOUN>|your \w+|someone|somebody|one of you|one of your \w+) (?:\w+ ){0,2}"
            r"(?:will|would|is going to|are going to|going to|might|could|may|shall) (?:\w+ ){0,2}<OUTCOME>\b",
            r"\b(?:someone|somebody|people|staff|one of you|one of your \w+) (?:is|are|will|is going to|are "
            r"going to) (?:going to )?(?:get|be|end up) (?:seriously |badly |really )?(?:hurt|killed|injured|"
            r"harmed|stabbed|shot|burnt|burned)\b",
        ),
    ),
    (
        "threatening",
        ("victim", "hazard"),
        (
            r"\b(?:your|his|her|their|the (?:\w+ )?\w+'s) (?:\w+ )?(?:car|cars|van|tyres?|windows?|house|home|door|"
            r"windscreen|garden|pets?|dog|cat) (?:\w+ )?(?:might|could|will|may|would|is going to|are going to) "
            r"(?:\w+ )?(?:get|go|be|end up) (?:\w+ )?(?:scratched|keyed|slashed|flat|smashed|broken|burnt|burned|"
            r"torched|damaged|vandalised|missing|on fire|hurt|poisoned|wrecked)\b",
        ),
    ),
    (
        "threatening",
        ("victim", "legitimate"),
        (
            r"\b(?:if|unless|or else|otherwise|keep|carry on|one more|next time|any more|anymore)\b.*\b"
            r"(?:<YOU>|<STAFF>|your \w+) (?:will|would|is going to|are going to|going to|shall) (?:\w+ ){0,2}?"
            r"(?:regret|be sorry|pay\b(?! (?:me|the|my|back|it back|compensation|for (?:the|my|a|damage|repairs?)|"
            r"rent|what))|suffer|learn|find out|know about it|wish|get (?:it|hurt)|be in for it|have (?:me|us) "
            r"to deal with)\b",
        ),
    ),
    # pursuing or watching a person, or their private life
    (
        "harassment",
        ("victim", "appointment"),
        (
            r"\b(?:i|we|my \w+) (?:\w+ ){0,3}?<PURSUE> (?:\w+ ){0,4}?<PRIVATE>",
            r"\b(?:<I_WILL>|i|we) (?:\w+ ){0,3}?(?:"
            + forms("follow", "watch", "stalk", "track", "tail")
            + r") (?:<YOU>|<STAFF>|<PRONOUN>|your \w+)\b",
            r"\b(?:<I_WILL>|i|we) (?:\w+ ){0,3}?(?:outside|across the road from|opposite) (?:your|the) (?:\w+ )?"
            r"(?:office|house|home|building)\b.*\b(?:watching|waiting|who|tonight|every|all (?:day|night|"
            r"afternoon|evening))\b",
            r"\b(?:wait|waits|waited|waiting) (?:\w+ ){0,2}?(?:for (?:<YOU>|<PRONOUN>) )?(?:by|outside|near|at|in|"
            r"round) (?:the|your|a|that|this) (?:\w+ )?(?:bus stop|car park|car|gate|exit|entrance|station|corner|"
            r"alley|back door|stairs|lift|shift)\b",
            r"\b(?:wait|waits|waited|waiting) (?:\w+ ){0,2}?for (?:<YOU>|<PRONOUN>) (?:after|when|tonight|outside|"
            r"one day|every|by|at|in the)\b",
            r"\b(?:i|we) (?:will|would|shall) be waiting(?! for (?:your|a|an|the|my|news|someone))(?: (?:for (?:you|"
            r"her|him)|outside|by|at|when|near|round)|\s*$)",
            r"\b(?:tell|visit|contact|call|ring|write to|message|speak to|find|turn up at) (?:\w+ )?your (?:family|"
            r"kids|children|wife|husband|partner|mum|mother|dad|father|neighbours)|your (?:kids|children|family|"
            r"wife|husband|partner|neighbours) (?:will|are going to|is going to) (?:\w+ )?(?:find out|know|hear|"
            r"see)\b",
            r"\b(?:look|looks|looked|looking) (?:you|her|him|them) up|looked up (?:your|her|his)|electoral roll|"
            r"your (?:home )?address (?:is|was) (?:on|in|online)",
            r"\b<CONTACT> (?:\w+ ){0,2}?(?:<YOU>|<PRONOUN>|your (?:\w+ )?(?:home|personal|mobile|work mobile|"
            r"number|phone|house|wife|husband|family|name|address|photo|picture|details)) (?:\w+ ){0,5}?<FLOOD>",
            r"\b(?:<I_WILL>|i|we) (?:\w+ ){0,3}?(?:keep|kept) (?:on )?(?:"
            + forms("ring", "call", "phone", "text", "email", "message")
            + r") (?:<YOU>|<PRONOUN>|your)\b",
            r"\b(?:(?:ruin|destroy|wreck) (?:your|his|her|their) (?:\w+ )?(?:life|lives|career|reputation|"
            r"marriage)|make it my (?:mission|business|job) to|"
            r"never leave (?:<YOU>|<PRONOUN>) alone|make (?:your|his|her|their) (?:life|lives) (?:a )?"
            r"(?:living )?(?:hell|a misery|misery|unbearable))\b",
        ),
    ),
    (
        "harassment",
        ("victim", "appointment", "persistence"),
        (
            r"\b(?:<I_WILL>|i|we) (?:\w+ ){0,3}?(?:be|turn up|come|sit|stand|camp|wait) (?:\w+ ){0,2}?(?:at|outside|in|"
            r"on) your (?:\w+ )?(?:office|house|home|door|doorstep|reception|work|desk) (?:\w+ ){0,3}?<FLOOD>",
        ),
    ),
    # sexual remarks or requests
    (
        "harassment",
        ("victim",),
        (
            r"\b(?:<YOU>|your|<PRONOUN>|his|the (?:\w+ )?\w+'s) (?:\w+ ){0,3}?(?:sexy|gorgeous|tits|titties|boobs|"
            r"breasts|nipples|knickers|underwear|bra|lingerie|thong|naked|nude|horny|arse|bum|legs|body|voice|"
            r"in bed)\b.*\b(?:sexy|gorgeous|tits|boobs|breasts|knickers|underwear|bra|lingerie|naked|nude|horny|"
            r"wearing|colour|size|touch|feel|look|sound|lovely|nice|fit|hot|single|photo|bed)\b",
            r"\b(?:<YOU>|your|she|her) (?:\w+ )?(?:sound|sounds|look|looks|are|is) (?:so |really |very )?(?:sexy|"
            r"gorgeous|hot|fit|tasty|beautiful|fanciable|stunning)\b",
            r"\b(?:(?:treat|take) (?:you|her) (?:right|out|for a drink)|(?:see|meet) (?:you|her) after (?:work|your "
            r"shift)|buy (?:you|her) a drink|better uses? for|show (?:you|her) a (?:good|great) time|"
            r"come round (?:to )?(?:mine|my place|my flat)|"
            r"(?:bet|imagine|picture) (?:you|she) (?:look|looks) (?:good|great|hot|sexy|nice|fit) in|bikini|"
            r"swimsuit|stockings|"
            r"(?:nice|lovely|great|fit|sexy|pretty) (?:pair of )?(?:legs|arse|bum|tits|boobs|body|figure|rack|mouth|"
            r"lips)|"
            r"(?:shorter|short|tight|tighter|low cut|lower) (?:skirts?|dress|tops?|trousers|shorts)|clothes off|"
            r"without (?:your|her|any) clothes|in (?:your|her) underwear|undress\w*|strip (?:off|for)|"
            r"what (?:are|is) (?:you|she) wearing|what colour (?:\w+ ){0,2}(?:underwear|knickers|bra)|"
            r"(?:get|take|have|want) (?:you|her) (?:\w+ )?(?:in|into) (?:my )?bed|sleep with (?:you|her)|"
            r"(?:shag|bang|screw|fuck|do) (?:you|her) (?:good|senseless|hard|properly)|sit on my (?:face|lap)|"
            r"suck my|(?:send|show) (?:\w+ )?(?:a )?(?:photo|pic|picture|nudes|selfie|pics|photos|pictures)s? "
            r"(?:of )?(?:yourself|you|your)|are you single|go out with me|a date with me|"
            r"(?:touch|kiss|grope|lick|fondle) (?:you|her)\b)",
        ),
    ),
    # a protected group with exclusion or contempt
    (
        "discriminatory",
        ("victim", "needs"),
        (
            r"\b<GROUP>\b.*\b<EXCLUDE>\b",
            r"\b<GROUP> (?:are|is) (?:all )?(?:the reason|to blame|the problem|ruining|a plague|why this)\b",
            r"\ball (?:you |of you |these |those |them )?<GROUP> (?:are|is) (?:\w+ ){0,2}(?:<INSULT>|<EXCLUDE>)\b",
            r"\b(?:go|get|send (?:\w+ )?|sent (?:\w+ )?|fuck|piss) (?:back|home) (?:to|where) (?:your own|your|where|"
            r"you|they|africa|asia|europe|poland|romania|pakistan|india)|back (?:to )?where (?:you|they) (?:came|"
            r"come) from|your own country|(?:this|it) is (?:our|my) country|not (?:your|their) country",
            r"\b<EXCLUDE>\b.*\b<GROUP>\b",
            r"\b(?:someone|somebody|a person|people|an? (?:\w+ )?(?:officer|man|woman)|staff) (?:\w+ )?"
            r"(?:who was|who were|who is|who are|that is|that was) (?:born|bred) (?:here|in)",
            r"\b(?:proper|real|normal|decent) (?:english|british|white) (?:person|man|woman|officer|people|bloke)",
            r"\b(?:get|put|give|send) me (?:\w+ ){0,3}(?:someone|somebody|a man|an? \w+ person|an? \w+ officer)"
            r" (?:\w+ ){0,3}(?:english|british|white|born here|who speaks english|from here|normal|straight|"
            r"christian|local)\b",
        ),
    ),
    # insults aimed at a person, swearing and slurs
    (
        "abusive",
        ("called_names",),
        (
            r"\b<STRONG_INSULT>\b",
            r"\b(?:you|you are|you lot|you people|you lot are|you are all|you people are|your lot are|are all|"
            r"what a|such a|bunch of|load of|pack of|lot of|band of|nest of|you absolute|you complete|you utter) "
            r"(?:nothing but |just |such |a |an |the )*(?:<DESCRIBE> ){0,3}<INSULT>\b",
            r"\b(?:<STAFF>|he|she|they|your \w+) (?:is|was|are|were) (?:a |an |the |just |nothing but |such |"
            r"another |one )*(?:<DESCRIBE> ){0,3}<INSULT>\b",
            r"^(?:<DESCRIBE> ){0,3}<INSULT> (?:the lot of you|all of you|every one of you|the pair of you|"
            r"the lot|you|you all)\b",
            r"^(?:<DESCRIBE> ){1,3}<INSULT>$",
            r"^<INSULT>$",
            r"\byou (?:<DESCRIBE> ){1,3}(?:\w+)\s*$",
            r"\byou (?:are|were|look|sound) (?:so |such |really |absolutely |bloody |fucking |completely |totally "
            r"|utterly |just )?(?:a |an )?<PERSONAL_ADJ>\b",
            r"\b(?:piss|sod|bugger|naff|clear|jog|eff) off\b",
            r"\b(?:go to hell|rot in hell|burn in hell|drop dead|go die|go and die|die in a (?:fire|ditch|hole)|"
            r"get cancer|(?:kiss|lick) my arse|eat shit|up yours|get stuffed|bite me|shut (?:up|your (?:\w+ )?"
            r"(?:mouth|face|gob|trap|cakehole))|disgrace to the human race|sad little (?:man|woman|person|boy|girl)"
            r"|little hitler|brain cells?|someone with a brain|get a brain|thick as|where the sun (?:does not|"
            r"do not) shine)\b",
            r"\b(?:shove|stick|ram) (?:it|this|that|your (?:\w+ ){0,3}\w+) (?:up|where)\b",
            r"\b(?:hope|wish|pray) (?:that )?(?:<YOU>|your \w+|<STAFF>|<PRONOUN>) (?:\w+ ){0,2}?"
            r"(?:die|dies|dying|get cancer|gets cancer|suffer|suffers|rot|rots|burn|burns|get hurt|gets hurt|"
            r"get run over|gets run over|gets? hit by|gets? knocked down|choke|chokes|lose (?:your|his|her) (?:job|"
            r"house|kids))\b",
            r"^die\b",
        ),
    ),
    # a call note: what staff heard the customer do
    (
        "abusive",
        ("victim", "remorse"),
        (
            r"\b<CUSTOMER> (?:\w+ ){0,3}?(?:swore|swearing|sworn|shouted|shouting|screamed|screaming|yelled|"
            r"was (?:verbally )?abusive|became (?:verbally )?abusive|verbally abusive|was aggressive|became "
            r"aggressive|was offensive|called (?:me|the officer|her|him|staff|us) (?:a|an)?|made (?:\w+ )?"
            r"(?:racist|racial|homophobic|sexist|sexual|offensive|derogatory|discriminatory|abusive|obscene|"
            r"lewd|inappropriate|transphobic|xenophobic) (?:\w+ )?(?:remarks?|comments?|language|abuse|slurs?|"
            r"names|gestures?|jokes?))\b",
            r"^(?:shouted|swore|screamed|made|was|became|used|kept)\b.*\b(?:racist|racial|homophobic|sexist|"
            r"sexual|offensive|derogatory|discriminatory|abusive|obscene|lewd|threatening) (?:\w+ )?(?:remarks?|"
            r"comments?|language|abuse|slurs?|names|gestures?)\b",
            r"\b(?:shouted|swore|screamed|yelled|was abusive|was aggressive) (?:and \w+ )?(?:at|towards|to) "
            r"(?:the|an|our|my) (?:\w+ )?(?:officer|staff|adviser|advisor|receptionist|colleague|call handler|"
            r"agent|manager|caseworker)\b",
        ),
    ),
)


def _expand(template: str) -> str:
    while "<" in template and re.search(r"<([A-Z_]+)>", template):
        template = re.sub(r"<([A-Z_]+)>", lambda m: f"(?:{CONCEPTS[m.group(1)]})", template)
    return template


@cache
def compiled_rules() -> list[tuple[str, list[re.Pattern], list[re.Pattern]]]:
    """``(category, guards, rules)`` with their concept classes filled in."""
    return [
        (category, [re.compile(_expand(GUARDS[g])) for g in guards], [re.compile(_expand(r)) for r in rules])
        for category, guards, rules in RULES
    ]


def rule_hits(sentences: list[str]) -> dict[str, list[str]]:
    """The words that each category's rules matched in ``sentences``, unless a guard silences the sentence."""
    found: dict[str, list[str]] = {}
    for sentence in sentences:
        for category, guards, rules in compiled_rules():
            matches = [m.group(0).strip() for rule in rules for m in [rule.search(sentence)] if m]
            if matches and not any(guard.search(sentence) for guard in guards):
                found.setdefault(category, []).extend(matches)
    return {category: list(dict.fromkeys(hits)) for category, hits in found.items()}
