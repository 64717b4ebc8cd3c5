"""Word lists for the demonstration organisation: names, places, topics and wording, all made up."""

from __future__ import annotations

FIRST_NAMES = (
    "Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Muhammad", "Thomas", "Oscar",
    "William", "James", "Leo", "Alfie", "Joshua", "Daniel", "David", "Michael", "Paul", "Mark",
    "Andrew", "Stephen", "Peter", "Richard", "Gary", "Kevin", "Darren", "Wayne", "Lee", "Craig",
    "Amelia", "Olivia", "Isla", "Emily", "Poppy", "Ava", "Isabella", "Jessica", "Lily", "Sophie",
    "Grace", "Mia", "Evie", "Ruby", "Ella", "Chloe", "Charlotte", "Hannah", "Sarah", "Emma",
    "Karen", "Susan", "Julie", "Claire", "Donna", "Tracey", "Michelle", "Nicola", "Joanne", "Lisa",
    "Margaret", "Patricia", "Barbara", "Jean", "Brenda", "Dorothy", "Sandra", "Linda", "Pauline", "Janet",
    "Aisha", "Fatima", "Amina", "Zainab", "Mariam", "Priya", "Anjali", "Harpreet", "Gurpreet", "Simran",
    "Rajesh", "Sanjay", "Arjun", "Amrit", "Imran", "Tariq", "Bilal", "Hassan", "Yusuf", "Omar",
    "Chidi", "Kwame", "Kofi", "Adebayo", "Oluwaseun", "Ngozi", "Chiamaka", "Abena", "Folake", "Precious",
    "Marcus", "Jermaine", "Tyrone", "Delroy", "Winston", "Marcia", "Beverley", "Sonia", "Paulette", "Jacqueline",
    "Piotr", "Tomasz", "Krzysztof", "Agnieszka", "Katarzyna", "Andrei", "Elena", "Ioana", "Mihai", "Darius",
    "Siobhan", "Ciaran", "Niamh", "Sean", "Bronwen", "Rhys", "Gareth", "Eilidh", "Callum", "Morag",
)

SURNAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
    "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
    "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths",
    "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy",
    "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh",
    "Begum", "Ahmed", "Hussain", "Ali", "Shah", "Kaur", "Sharma", "Gill", "Sandhu", "Chauhan",
    "Mistry", "Rahman", "Uddin", "Iqbal", "Akhtar", "Okafor", "Adeyemi", "Mensah", "Owusu", "Boateng",
    "Campbell", "Francis", "Grant", "Henry", "Reid", "Stewart", "Brooks", "Forbes", "Gordon", "Samuels",
    "Kowalski", "Nowak", "Wisniewski", "Popescu", "Ionescu", "O'Brien", "O'Connor", "McCarthy", "Byrne", "Doyle",
    "MacDonald", "Fraser", "Hamilton", "Pritchard", "Llewellyn", "Vaughan", "Fletcher", "Holmes", "Lloyd", "Pearson",
)

STREETS = (
    "High", "Church", "Station", "Victoria", "Park", "Queen's", "King's", "Mill", "School", "Albert",
    "Chapel", "Springfield", "Manor", "Grove", "Windsor", "Stafford", "Lichfield", "Oxford", "York", "Cambridge",
    "Brook", "Meadow", "Orchard", "Willow", "Beech", "Oak", "Ash", "Cedar", "Elm", "Hawthorn",
    "Nelson", "Wellington", "Marlborough", "Clarence", "Balfour", "Gladstone", "Canal", "Bridge", "Market", "Castle",
)
STREET_KINDS = ("Road", "Street", "Avenue", "Close", "Lane", "Drive", "Crescent", "Way", "Court", "Place")

#: Places (locality, post town, postcode districts) by profile slug; others use :data:`NATIONWIDE`.
PLACES = {
    "wolverhampton-homes": (
        ("Whitmore Reans", "Wolverhampton", ("WV1", "WV6")), ("Low Hill", "Wolverhampton", ("WV10",)),
        ("Bilston", "Bilston", ("WV14",)), ("Wednesfield", "Wolverhampton", ("WV11",)),
        ("Heath Town", "Wolverhampton", ("WV10",)), ("Penn", "Wolverhampton", ("WV3", "WV4")),
        ("Ettingshall", "Wolverhampton", ("WV2", "WV4")), ("Bushbury", "Wolverhampton", ("WV10",)),
        ("Tettenhall", "Wolverhampton", ("WV6",)), ("Blakenhall", "Wolverhampton", ("WV2",)),
    ),
    "housing-solutions": (
        ("Maidenhead", "Maidenhead", ("SL6",)), ("Cookham", "Maidenhead", ("SL6",)),
        ("Windsor", "Windsor", ("SL4",)), ("Holyport", "Maidenhead", ("SL6",)),
        ("Datchet", "Slough", ("SL3",)), ("Ascot", "Ascot", ("SL5",)), ("Sunningdale", "Ascot", ("SL5",)),
    ),
    "southwark": (
        ("Peckham", "London", ("SE15",)), ("Camberwell", "London", ("SE5",)), ("Bermondsey", "London", ("SE1", "SE16")),
        ("Walworth", "London", ("SE17",)), ("Rotherhithe", "London", ("SE16",)), ("East Dulwich", "London", ("SE22",)),
        ("Nunhead", "London", ("SE15",)), ("Borough", "London", ("SE1",)), ("Elephant and Castle", "London", ("SE1",)),
    ),
}
NATIONWIDE = (
    ("Attercliffe", "Sheffield", ("S9",)), ("Harehills", "Leeds", ("LS8", "LS9")),
    ("Moss Side", "Manchester", ("M14",)), ("Small Heath", "Birmingham", ("B10",)),
    ("Byker", "Newcastle upon Tyne", ("NE6",)), ("Splott", "Cardiff", ("CF24",)),
    ("Govan", "Glasgow", ("G51",)), ("Southmead", "Bristol", ("BS10",)), ("Everton", "Liverpool", ("L5", "L6")),
    ("Sneinton", "Nottingham", ("NG2", "NG3")), ("Devonport", "Plymouth", ("PL1",)), ("Lakenham", "Norwich", ("NR1",)),
    ("Orchard Park", "Hull", ("HU6",)), ("Wythenshawe", "Manchester", ("M22", "M23")),
    ("Blackbird Leys", "Oxford", ("OX4",)),
)
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

SUPPORT_NEEDS = (
    "Hearing loss: prefers e-mail or text relay",
    "Visual impairment: needs large print",
    "Uses a screen reader: plain text e-mail only",
    "Dyslexia: explain letters by phone as well",
    "Anxiety: give advance notice of calls",
    "Learning disability: an advocate should be present",
    "English is a second language: Punjabi interpreter",
    "English is a second language: Polish interpreter",
    "English is a second language: Arabic interpreter",
    "Mobility impairment: cannot use stairs at the office",
    "Autism: prefers written contact with clear dates",
    "Mental health condition: agreed contact times only",
    "Memory problems: send a written summary after every call",
    "Carer for a disabled relative: calls after 2pm",
)

ETHNICITIES = (
    ("White: English, Welsh, Scottish, Northern Irish or British", 62),
    ("White: Irish", 2), ("White: Gypsy or Irish Traveller", 1), ("White: Other White", 7),
    ("Mixed: White and Black Caribbean", 2), ("Mixed: White and Asian", 1), ("Mixed: Other Mixed", 1),
    ("Asian or Asian British: Indian", 6), ("Asian or Asian British: Pakistani", 4),
    ("Asian or Asian British: Bangladeshi", 2), ("Asian or Asian British: Chinese", 1),
    ("Black or Black British: African", 5), ("Black or Black British: Caribbean", 3),
    ("Other ethnic group: Arab", 1), ("Prefer not to say", 2),
)
DISABILITIES = (
    ("No", 70), ("Yes, limited a little", 12), ("Yes, limited a lot", 9), ("Prefer not to say", 9),
)

#: Complaint topics by kind of organisation: (subject, summary).
TOPICS = {
    "housing": (
        ("Outstanding repair to the bathroom", "Bathroom leak reported several times and not fixed"),
        ("Damp and mould in the bedroom", "Black mould in the children's bedroom; asks for a survey and treatment"),
        ("Boiler not working", "No heating or hot water; engineer missed two appointments"),
        ("Noise from neighbours", "Loud music late at night from the flat above; asks for action"),
        ("Rent account arrears", "Disputes arrears on the rent account after a change of benefit"),
        ("Service charge increase", "Questions the new service charge for communal cleaning"),
        ("Transfer application", "Wants a move to a larger property; unhappy with the banding"),
        ("Communal area not cleaned", "Bins and rubbish in the stairwell not cleared for weeks"),
        ("Front door replacement", "Front door will not lock; a replacement was promised"),
        ("Staff conduct during a visit", "Unhappy with how an officer spoke to them on a home visit"),
        ("Lift out of order", "The lift in the block has been broken for a month"),
        ("Homelessness decision", "Disagrees with the decision on their homelessness application"),
    ),
    "council": (
        ("Missed bin collection", "Recycling not collected for three weeks running"),
        ("Council tax bill", "Believes the council tax band and single person discount are wrong"),
        ("Parking penalty charge", "Disputes a parking ticket issued outside their home"),
        ("Planning application next door", "Objects to a neighbour's extension and how it was decided"),
        ("Pothole on the road", "Reported a dangerous pothole that has not been repaired"),
        ("Housing repair", "Kitchen repair in their council flat not completed"),
        ("Fly-tipping in the alley", "Rubbish dumped behind the houses, reported many times"),
        ("Library opening hours", "Unhappy that the local library has reduced its hours"),
        ("Noise nuisance", "Noise from a nearby business late at night"),
        ("Adult social care assessment", "Waiting for a care assessment for their mother"),
        ("Street lighting", "Street light outside the house has been out for months"),
        ("Staff conduct at the customer service centre", "Unhappy with how they were treated at the front desk"),
    ),
    "benefits": (
        ("Universal Credit payment", "Universal Credit payment reduced without explanation"),
        ("PIP assessment", "Disagrees with the PIP assessment and how it was carried out"),
        ("Child Maintenance calculation", "Believes the child maintenance calculation is wrong"),
        ("State Pension forecast", "State Pension forecast does not count years worked abroad"),
        ("Sanction on claim", "Disputes a sanction applied after a missed appointment"),
        ("Overpayment recovery", "Challenges the recovery of an overpayment from benefit"),
        ("Advance payment refused", "Advance payment refused despite having no income"),
        ("Jobcentre appointment", "Unhappy with the way a work coach dealt with them"),
        ("Mandatory reconsideration delay", "Waiting months for a mandatory reconsideration decision"),
        ("Lost documents", "Says documents sent by post were lost and the claim closed"),
        ("Carer's Allowance", "Carer's Allowance stopped without notice"),
        ("Telephone waiting times", "Waited over an hour on the phone and was cut off"),
    ),
}
#: The kind of organisation for a profile slug; others are treated as a council.
KINDS = {"wolverhampton-homes": "housing", "housing-solutions": "housing", "southwark": "council", "dwp": "benefits"}

GENERAL_SUBJECTS = (
    "Change of address", "Change of phone number", "Question about a letter", "Appointment request",
    "Request a call back", "Update on my enquiry", "Document upload", "Payment query", "Thank you",
    "Request for information", "Request copy of letter",
)

INBOUND_OPENINGS = (
    "I am writing about {topic}.", "I rang earlier about {topic}.", "Following up on {topic}.",
    "Please can someone look at {topic}.", "I still have not heard back about {topic}.",
    "This is about {topic} again.", "I want to know what is happening with {topic}.",
)
INBOUND_DETAILS = (
    "Nobody has called me back as promised.", "I have been waiting weeks for an answer.",
    "Could you tell me when this will be sorted?", "I have attached the letter I received.",
    "My neighbour has the same problem.", "I was told someone would visit on Tuesday but no one came.",
    "I am happy to discuss this by phone.", "I need a reply in writing please.",
    "It is affecting my health.", "I have a reference number from my last call.",
)
OUTBOUND_TEXTS = (
    "Thank you for contacting us about {topic}. We have passed this to the team and will reply within 10 working days.",
    "We called to update you about {topic}. The next step is booked and we will write to confirm.",
    "This letter confirms what we discussed about {topic}.",
    "We are sorry for the delay with {topic}. A manager is now looking at it.",
    "Our response to your complaint about {topic} is enclosed.",
)

#: Wording of contacts staff record as abusive, with the behaviour they record.
ABUSIVE = (
    ("You are all useless liars and I will not stop until every one of you is sacked.", ["abusive"]),
    ("I know where your office is and I will be waiting outside for you.", ["threatening"]),
    ("Shouted and swore at the officer for ten minutes and refused to stop when asked.", ["abusive", "aggressive"]),
    ("I am recording this call and I will put your name all over the internet.", ["harassment"]),
    ("Made offensive remarks about the officer's accent and religion.", ["discriminatory", "abusive"]),
    ("You incompetent idiot, put me through to someone with a brain.", ["abusive"]),
)

REPRESENTATIVES = (
    ("advocate", "{first} {last}, Citizens Advice", True),
    ("advocate", "{first} {last}, independent advocate", True),
    ("relative", "{first} {surname}", True),
    ("mp", "{first} {last} MP", False),
    ("councillor", "Cllr {first} {last}", False),
    ("solicitor", "{last} & Co Solicitors", True),
)
