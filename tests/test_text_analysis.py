"""Possible abuse and same-issue-or-new: the shipped models, the judgements the gate relies on, and the API."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.utils import timezone

from faircontact.core.wordpiece import WordPiece
from faircontact.gate import similarity
from faircontact.gate.similarity import same_issue
from faircontact.indicators import abuse_model
from faircontact.indicators.abuse import PROFANITY_ARRAYS, possible_abuse
from faircontact.indicators.abuse_text import normalise, sentences
from faircontact.indicators.abuse_threats import threats
from faircontact.records.models import Complaint, Contact, Customer

POLICIES = Path(__file__).resolve().parents[1] / "policies"
# Wordings the issue reported as flagged (16): greetings, "come round", a script tag, a Scottish FOI request, and
# ordinary angry letters.
ORDINARY = [
    "Hello, thank you for your letter. She said she would call me back and he said the same.",
    "I want someone to come round and look at the damp in the bedroom.",
    "<script>alert('x')</script> Please update my address.",
    "This is a request under the Freedom of Information (Scotland) Act 2002 for your waste collection contracts.",
    "I am absolutely furious. This is the fourth time I have written and nobody has fixed the boiler. The service "
    "is a disgrace and I will be taking this to my MP and the Ombudsman if I do not hear back by Friday.",
    "The smell from the drains is disgusting and the stairs could kill someone, they are so slippery.",
    "My neighbour threatened to stab me last night and I have reported it to the police. Please move me.",
    "This bill is killing me. I cannot afford to pay it all at once.",
    "The smell in the hallway is disgusting.",  # a mild word with a full stop is still a mild word
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_and_angry_letters_are_not_flagged(text):
    assert possible_abuse(text) is None


@pytest.mark.parametrize(
    "text, trigger",
    [
        ("If you don't sort this out I will come down there and hurt you.", "hurt you"),
        ("I know where you live.", "i know where you live"),
        ("I'm going to smash your face in when I see you.", "smash your"),
        ("You'd better watch your back.", "watch your back"),
        ("People like you deserve to die.", "deserve to die"),
    ],
)
def test_threats_of_violence_are_flagged_as_threatening_with_their_words(text, trigger):
    found = possible_abuse(text)
    assert found is not None and found["categories"] == ["threatening"]
    assert any(trigger in t for t in found["triggers"])


@pytest.mark.parametrize(
    "text, word",
    [
        ("You are a useless fat bitch.", "bitch"),
        ("Shut up you stupid retard.", "retard"),
        ("fuck off you c*nt", "cunt"),
        ("You are disgusting.", "disgusting"),  # a mild word aimed at someone
    ],
)
def test_abuse_is_flagged_with_the_words_that_carried_the_score(text, word):
    found = possible_abuse(text)
    assert found is not None and found["categories"] == ["abusive"]
    assert word in found["triggers"]
    assert not set(found["triggers"]) & abuse_model.NEVER_SHOWN


def test_one_abusive_sentence_counts_however_long_the_letter_and_length_alone_raises_nothing():
    model = abuse_model.load()
    calm = "I am writing about the repair to my kitchen window, which was reported in March. "
    abusive = "You are a useless fat bitch. "
    assert possible_abuse(calm * 40 + abusive + calm * 40) is not None
    # The score is that of the worst sentence, so repeating ordinary sentences leaves it where it was.
    assert abuse_model.score(model, calm)[0] == pytest.approx(abuse_model.score(model, calm * 60)[0])
    assert possible_abuse(calm * 60) is None


@pytest.mark.parametrize(
    "text",
    [
        "If that inspector comes round again he'll be going home in an ambulance.",
        "I'm not responsible for what I do to the next officer who knocks on my door.",
        "I'll break his legs if he sets foot in my garden again.",
        "Send that man again and he won't be walking out of here.",
        "That caseworker needs a good kicking and I'm the man to give it.",
        "I know which car is yours. Would be a pity if it got scratched up.",
        "I will beat the shit out of him when I see him.",
        "Someone should put a bullet in his head.",
    ],
)
def test_veiled_threats_and_menace_idioms_are_threatening(text):
    found = possible_abuse(text)
    assert found is not None and found["categories"] == ["threatening"]


@pytest.mark.parametrize(
    "text",
    [
        "Someone is going to get hurt on those stairs, the handrail is loose.",
        "The boiler could burn the place down, it keeps making a banging noise.",
        "I am not responsible for the damage the previous tenant did to the kitchen.",
        "I won't make it home in time for the engineer, can he come after four?",
        "It would be a shame if the garden went back to weeds after all the work.",
        "The kids beat the hell out of the old sofa we left by the bins.",
        "I was knocked down by a car last year and still walk with a stick.",
    ],
)
def test_hazards_and_ordinary_worries_with_the_same_words_are_not_threats(text):
    assert threats(sentences(normalise(text))) == []


@pytest.mark.parametrize(
    "text",
    [
        "Someone needs to put this guy in the ground.",
        "That man should be locked in a room and beaten until he stops breathing.",
        "Honestly they should all be lined up against a wall.",
        "Castrate every one of them, problem solved.",
        "Somebody give this clown a good beating.",
        "She needs her face rearranged.",
        "Hope someone finds her and cuts her tongue out.",
        "Tie him to a chair and beat him with a bat.",
        "Lock them in and set the building alight.",
        "Hang the traitor from the nearest lamppost.",
    ],
)
def test_violence_urged_or_wished_on_people_is_a_threat(text):
    """Issue 16, third round: the imperative and passive forms comments use (``text_sets_violence_dev.py``)."""
    assert threats(sentences(normalise(text))) != []


@pytest.mark.parametrize(
    "text",
    [
        "He punched above his weight in that debate.",
        "The team was beaten badly in the final.",
        "The building was set alight by an electrical fault.",
        "Stop throwing plastic in the sea.",
        "They should be locked up for fraud, and the judge agreed.",
        "Just beat the traffic and come early.",
        "Muslims do not deserve to be tortured like that.",
        "The landlord should kick them out.",
    ],
)
def test_the_same_words_about_things_or_denied_are_not_threats(text):
    assert threats(sentences(normalise(text))) == []


# Issue 16, fourth round (threats): the engineer's own sentences in the forms added (docs/text-analysis.md).
VIOLENCE_FOURTH_ROUND = [
    "Hang him.",
    "Slap her.",
    "Kick her in the face.",
    "Time to shoot the commies.",
    "Shoot them on sight.",
    "I want him dead.",
    "We want her and her friends beheaded.",
    "I'd like to see him hanged.",
    "I want to see those men raped to death.",
    "That woman should be burned at the stake.",
    "Those traitors should be euthanised.",
    "He is gonna get a knife in the back.",
    "Throw acid in her face.",
    "Hit her with a brick.",
    "Put a gun to his head.",
    "Cut off his head.",
    "Go hang yourself.",
    "Die in a fire.",
    "I hope he burns in hell.",
    "I wish she were dead.",
    "I hope your kids get cancer.",
    "You deserve to be hit by a truck.",
    "I will hunt you down.",
    "I will end you.",
    "Beat her up.",
    "Send them to the gas chamber.",
    "Let's get rid of immigrants once and for all.",
    "Raping a disabled person like you should not be illegal.",
    "I would love to beat the crap out of this man.",
    "I'd pay good money to watch someone break that idiot's neck.",
    "This guy needs to die.",
    "I'll put him in a coma.",
    "Free helicopter rides for communists.",
    "She should be thrown in prison and raped.",
    "He should be put down like a dog.",
    "That man should be put down.",
    "I want him put down.",
]
# Ordinary sentences with the same words, which the fourth round's forms must leave alone.
NOT_VIOLENCE_FOURTH_ROUND = [
    "Please hang her coat on the hook by the door.",
    "Hang them straight on the wall above the radiator.",
    "Slap them on the grill for ten minutes.",
    "Kick him out of the house if he will not pay.",
    "Kick her bag under the seat.",
    "I would like her shot of the garden for the file.",
    "Can't wait to see the scenes shot in our street.",
    "I'd love to see my paintings hung in the hall.",
    "I would like to see the plans executed properly this time.",
    "The plant will just die off if it is not watered.",
    "The death penalty for all those offences was abolished long ago.",
    "Cut off your nose to spite your face.",
    "The boys used to beat them up at school, my son says.",
    "He was hit with a brick on his way home and the police are involved.",
    "I hope they all get better soon.",
    "I hope your family gets the help it needs.",
    "I wish he was here to see it.",
    "I will hunt down the receipt and send it on.",
    "I will end the tenancy at the end of the month.",
    "Let's get rid of the damp once and for all.",
    "Time to shoot the breeze with the neighbours.",
    "He got a knife in the post, a gift from his brother.",
    "The helicopter rides for the fair were cancelled.",
    "The fall put him in hospital for a week.",
    "This idea needs to die.",
    "Die Antwoord played a great set.",
    # a dangerous dog (a housing officer reads this every week), not a person
    "The dog next door should be put down, it bit my son.",
    "That dangerous dog needs to be put down.",
    "The vet says the old cat deserves to be put down.",
    "I hope they put the dog down before it hurts a child.",
]


@pytest.mark.parametrize("text", VIOLENCE_FOURTH_ROUND)
def test_violence_wished_urged_or_threatened_fourth_round(text):
    assert threats(sentences(normalise(text))) != []


@pytest.mark.parametrize("text", NOT_VIOLENCE_FOURTH_ROUND)
def test_the_fourth_rounds_words_in_ordinary_sentences_are_not_threats(text):
    assert threats(sentences(normalise(text))) == []


def test_a_sentence_about_a_group_of_people_is_judged_from_a_lower_score(monkeypatch):
    """Hate about groups often carries no insult: there the learned model counts from ``GROUP_THRESHOLD``."""
    from faircontact.indicators import abuse, abuse_model

    model = abuse_model.load()
    # One whose score falls between the two thresholds (the fourth round's model scores "Muslims should not be
    # allowed to live here." above the model's own threshold: it flags without the group rule).
    sentence = "Immigrants should not be allowed to live here."
    probability = abuse_model.score(model, sentence)[0]
    assert abuse.GROUP_THRESHOLD <= probability < model.threshold  # flagged through the group rule alone
    found = possible_abuse(sentence)
    assert found is not None and not [w for w in found["triggers"] if abuse.names_a_group(w)]
    assert found["triggers"] or found["note"] == abuse.GROUP_NOTE
    monkeypatch.setattr(abuse, "GROUP_THRESHOLD", 1.01)
    assert possible_abuse(sentence) is None
    assert not abuse.GROUP_WORDS.search(normalise("The repairs to the kitchen are late again."))


# Flagged and not flagged before words naming a group were kept out of the triggers; only the words shown changed.
GROUP_SENTENCES = [
    ("Muslims should not be allowed to live here.", True),
    ("Muslims are terrorists.", True),
    ("Gay people should not be allowed near children.", True),  # alt-profanity-check flags it through "gay"
    # Missed by the fourth round's word model (0.49, from 0.96), caught since the fifth round when read in context
    # (abuse_context: 0.80).
    ("Immigrants are ruining this country.", True),
    ("Women are made for the kitchen.", True),
    ("Black people are animals.", True),
    ("Those immigrants are vermin.", True),
    ("Trans women are not women.", True),
    ("Gays are disgusting.", True),
    ("Christians are idiots.", True),
    ("Shut up you stupid retard.", True),
    ("My Muslim neighbour was harassed in the street last week.", False),
    ("The Polish family next door are lovely and helped me with the shopping.", False),
    ("I am gay and my neighbour keeps shouting abuse at me.", False),
    ("My son is autistic and the noise from the repairs upsets him.", False),
    ("I am a disabled woman and I need a ground floor flat.", False),
    ("The Jewish community centre is next to my flat.", False),
    ("My wife is Chinese and she needs an interpreter.", False),
    ("Refugees deserve the same help as everyone else.", False),
    ("Islam is a disease.", False),
    ("Polish people are all thieves and liars.", False),
]


def test_keeping_group_words_out_of_the_triggers_changes_no_flag():
    assert [possible_abuse(text) is not None for text, _ in GROUP_SENTENCES] == [f for _, f in GROUP_SENTENCES]


@pytest.mark.parametrize("text", [t for t, flagged in GROUP_SENTENCES if flagged])
def test_the_words_shown_never_name_a_group_of_people(text):
    """Naming a group is not abuse: a customer's faith, origin or sexuality is never shown as the suspect word."""
    from faircontact.indicators import abuse

    found = possible_abuse(text)
    words = [w for t in found["triggers"] for w in t.split()]
    assert not [w for w in words if abuse.GROUP_WORDS.fullmatch(w) and not abuse.SLURS.fullmatch(w)]
    assert not [w for w in words if abuse.IDENTITY_WORDS.fullmatch(w)]
    assert found["triggers"] or found["note"] == abuse.GROUP_NOTE  # a plain description when no word is left


def test_other_words_behind_a_group_sentence_are_shown_and_slurs_still_are():
    from faircontact.indicators import abuse

    assert possible_abuse("Women are made for the kitchen.")["triggers"] == ["kitchen"]
    assert possible_abuse("Those immigrants are ruining this country and should go home.")["triggers"] == ["country"]
    assert possible_abuse("Shut up you stupid retard.")["triggers"][0] == "retard"  # the abuse, not a mention
    assert possible_abuse("You are a useless fat bitch.")["note"] == ""
    assert abuse.names_a_group("muslims") and abuse.names_a_group("polish") and abuse.names_a_group("gay's")
    assert not abuse.names_a_group("kitchen") and not abuse.names_a_group("retard")


@pytest.mark.parametrize("text", [t for t, flagged in GROUP_SENTENCES if not flagged])
def test_an_ordinary_sentence_mentioning_a_group_is_not_flagged_and_shows_nothing(text, api):
    assert possible_abuse(text) is None
    body = api.post("/text/possible-abuse", {"text": text}).json()
    assert body["flagged"] is False and body["triggers"] == [] and body["categories"] == []


def test_the_gate_and_the_api_say_in_plain_words_why_a_group_sentence_was_flagged(api, use_profile):
    from faircontact.indicators import abuse

    use_profile("wolverhampton-homes")
    body = api.post("/text/possible-abuse", {"text": "Muslims are terrorists."}).json()
    assert body["flagged"] and body["triggers"] == [] and body["note"].startswith(abuse.GROUP_NOTE)
    assert "muslim" not in body["note"].lower()


def test_a_threat_reported_by_the_customer_is_not_their_threat():
    assert threats(sentences(normalise("My ex said he would kill me if I moved out."))) == []
    assert threats(sentences(normalise("I will kill you if you come here again."))) != []


def test_the_abuse_model_ships_as_arrays_with_its_sources_and_a_calibrated_threshold():
    model = abuse_model.load()
    with np.load(abuse_model.PATH, allow_pickle=False) as data:  # no pickle: arrays only
        assert {"word_names", "word_coef", "char_names", "char_coef", "threshold"} <= set(data.files)
    assert 0.5 <= model.threshold < 1
    sources = model.meta["sources"]
    assert any("hate-speech-and-offensive-language" in s for s in sources.values())
    held_out = ("olid", "offenseval", "mrpc", "cfpb", "consumerfinance")
    assert not any(name in s.lower() for s in sources.values() for name in held_out)


def test_the_shipped_arithmetic_matches_scikit_learns_tfidf_and_regression():
    from sklearn.feature_extraction.text import TfidfVectorizer

    model = abuse_model.load()
    with np.load(abuse_model.PATH, allow_pickle=False) as data:
        words = TfidfVectorizer(
            ngram_range=(1, 2),
            sublinear_tf=True,
            token_pattern=r"(?u)\b\w[\w']*\b",
            vocabulary={str(n): i for i, n in enumerate(data["word_names"])},
        )
        words.idf_ = data["word_idf"].astype(float)
        chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            sublinear_tf=True,
            vocabulary={str(n): i for i, n in enumerate(data["char_names"])},
        )
        chars.idf_ = data["char_idf"].astype(float)
        pieces = ["you are a useless bitch", "the boiler is broken again and again", "a", "i know where you live"]
        expected = (
            words.transform(pieces) @ data["word_coef"]
            + chars.transform(pieces) @ data["char_coef"]
            + data["intercept"]
        )
    assert abuse_model.logits(model, pieces) == pytest.approx(expected, abs=1e-4)


def test_wordpiece_splits_words_as_the_minilm_tokeniser_does():
    model = similarity.load()
    ids = model.tokeniser.encode("Throttled internet, cannot connect!")
    vocabulary = {i: p for p, i in model.tokeniser.ids.items()}
    assert [vocabulary[i] for i in ids] == ["throttle", "##d", "internet", ",", "cannot", "connect", "!"]
    assert WordPiece(["[UNK]", "a"]).encode("b") == [0]


COMPLAINTS = [
    (11, "Heating not working: boiler repair outstanding since October"),
    (12, "Noise from the neighbours' parties every weekend"),
    (13, "Library fine charged for a book that was returned on time"),
]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The radiators are still stone cold and nobody has come to fix the boiler.", "11"),
        ("The neighbours had another loud party until 3am on Saturday.", "12"),
        # a service no profile configured: libraries
        ("Why am I being charged for an overdue book? I handed it back before the due date.", "13"),
    ],
)
def test_same_issue_finds_the_complaint_in_other_words(text, expected):
    (complaint,) = [c for c in COMPLAINTS if str(c[0]) == expected]
    found = same_issue(text, [complaint])
    assert found is not None and found["complaint"] == expected
    assert found["score"] >= similarity.load().threshold
    # among several complaints, never another one
    among = same_issue(text, COMPLAINTS)
    assert among is None or among["complaint"] == expected


def test_the_more_complaints_on_record_the_closer_a_match_must_be():
    model = similarity.load()
    assert model.crowding > 0
    text = "Why am I being charged for an overdue book? I handed it back before the due date."
    score = similarity.score(text, COMPLAINTS[2][1])
    assert model.threshold <= score < model.threshold + model.crowding * np.log(3)
    assert same_issue(text, [COMPLAINTS[2]])["complaint"] == "13"
    assert same_issue(text, COMPLAINTS) is None  # the best of three is high by chance: taken as new


@pytest.mark.parametrize(
    "text",
    [
        "I would like to apply for a parking permit for my new car.",
        "There is a broken streetlight outside number 4 on my road.",
        "Please can you send me a copy of my tenancy agreement.",
    ],
)
def test_something_new_is_not_matched_to_an_old_complaint(text):
    assert same_issue(text, COMPLAINTS) is None


def test_leaning_to_new_needs_a_closer_match():
    model = similarity.load()
    assert model.lean_new > model.threshold
    text = "The radiators are still stone cold and nobody has come to fix the boiler."
    score = similarity.score(text, COMPLAINTS[0][1])
    loose = "My flat is cold."
    loose_score = similarity.score(loose, COMPLAINTS[0][1])
    assert score >= model.lean_new and same_issue(text, COMPLAINTS[:1], lean_new=True)["complaint"] == "11"
    if model.threshold <= loose_score < model.lean_new:
        assert same_issue(loose, COMPLAINTS[:1]) is not None
        assert same_issue(loose, COMPLAINTS[:1], lean_new=True) is None


def test_a_profile_word_can_be_spelt_out_for_the_comparison():
    complaints = [(1, "Universal Credit deduction taken twice"), (2, "Council tax bill wrong")]
    text = "The UC money was docked again this month."
    plain = similarity.score(text, complaints[0][1])
    spelt = similarity.score(similarity._expand(text, {"UC": "universal credit"}), complaints[0][1])
    assert spelt > plain
    assert same_issue(text, complaints, synonyms={"UC": "universal credit"})["complaint"] == "1"


def test_the_api_checks_text_and_stored_contacts(api, use_profile):
    use_profile("wolverhampton-homes")
    response = api.post("/text/possible-abuse", {"text": "I know where you live and I will hurt you."})
    body = response.json()
    assert response.status_code == 200 and body["flagged"] and body["categories"] == ["threatening"]
    assert "confirm" in body["note"]
    calm = api.post("/text/possible-abuse", {"text": "Thank you, hello, please call me back."}).json()
    assert calm["flagged"] is False and calm["triggers"] == []
    customer = Customer.objects.create(reference="T-1", name="Text Person", search_name="text person")
    complaint = Complaint.objects.create(
        customer=customer, reference="T-C1", summary="Universal Credit overpayment recovery"
    )
    contact = Contact.objects.create(
        customer=customer,
        occurred_at="2026-11-01T09:00:00Z",
        channel="letter",
        body="You are still taking money for the Universal Credit overpayment from my payments.",
    )
    result = api.get(f"/contacts/{contact.pk}/text-analysis").json()
    assert result["same_issue"]["complaint"] == str(complaint.pk)
    assert result["possible_abuse"]["flagged"] is False


def test_the_profanity_model_read_directly_gives_the_packages_own_probabilities():
    from profanity_check import predict_prob

    from faircontact.indicators.abuse import profanity_probabilities

    texts = ["you are a useless prick", "please send me the form", "", "the the the", "Ça VA? I'm ÜBER-angry!!"]
    texts += ORDINARY + ["fuck off you c*nt", "You are a useless fat bitch.", "naïve café résumé 42 x"]
    assert profanity_probabilities(texts) == pytest.approx(predict_prob(texts), abs=1e-9)


def test_the_shipped_profanity_arrays_are_the_installed_packages_model():
    """``models/profanity.npz`` is the package's model: written again by ``benchmarks/profanity_arrays.py`` when the
    package changes, or this fails."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from profanity_arrays import arrays  # the script that writes the file: importable once benchmarks/ is on the path

    expected = arrays()
    with np.load(PROFANITY_ARRAYS, allow_pickle=False) as shipped:
        assert sorted(shipped.files) == sorted(expected)
        for name, values in expected.items():
            assert np.array_equal(shipped[name], values), name


def test_checking_text_needs_neither_scikit_learn_nor_scipy():
    """A process that checks texts (an import, the gate) reads the models as arrays: it does not pay seconds of
    importing scikit-learn and SciPy (docs/performance.md, the import)."""
    code = (
        "import sys; from faircontact.indicators.abuse import possible_abuse; "
        "assert possible_abuse('you are a useless prick') is not None; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy', 'profanity_check')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_hidden_swearing_is_revealed_and_ordinary_words_are_left_alone():
    assert normalise("f***ing sh1t, you b*stard!!") == "fucking shit, you bastard!!"
    assert normalise("I'll call at 10am re flat 4B") == "i will call at 10am re flat 4b"


def test_one_text_or_many_give_the_same_answers():
    from faircontact.gate.similarity import same_issue_many
    from faircontact.indicators.abuse import possible_abuse_many

    texts = [*ORDINARY, "", "   ", "You are a useless fat bitch.", "I know where you live.", "fuck off you c*nt"]
    assert possible_abuse_many(texts) == [possible_abuse(t) for t in texts]
    items = [(t, COMPLAINTS) for t in texts] + [("The radiators are stone cold.", COMPLAINTS[:1]), ("x", [])]
    usual = similarity.typical(LARCHFIELD)
    for lean, typical in itertools.product((False, True), (None, usual)):
        assert same_issue_many(items, lean_new=lean, typical=typical) == [
            same_issue(t, c, lean_new=lean, typical=typical) for t, c in items
        ]


#: An organisation's complaints on record: every summary carries its name and its everyday words.
LARCHFIELD = [
    f"Larchfield Housing tenancy {kind} {topic}"
    for kind in ("repair:", "complaint about")
    for topic in (
        "damp in the bedroom",
        "broken boiler",
        "rent account arrears letter",
        "noisy neighbours",
        "lift out of order",
        "leaking roof",
        "mould in the bathroom",
        "door entry system broken",
        "service charge increase",
        "bins not collected",
        "window will not close",
        "kitchen cupboard doors hanging off",
        "antisocial behaviour in the stairwell",
        "garden fence down",
        "electric heater faulty",
        "communal lights out",
        "pest control for mice",
        "rehousing application delay",
        "parking bay dispute",
        "shower not draining",
    )
]
LARCHFIELD_CUSTOMER = [
    (1, "Larchfield Housing tenancy repair: the front door lock"),
    (2, "Council tax band appeal"),
    (3, "Larchfield Housing tenancy: garden fence down"),
]
#: Only the organisation's everyday words in common with the customer's complaints; then a lock, as in complaint 1.
EVERYDAY = "I am writing to Larchfield Housing about my tenancy and the repair again."
THE_LOCK = "My front door lock is jammed again, Larchfield Housing."


def test_the_organisations_everyday_words_alone_do_not_make_a_contact_about_a_complaint():
    """Issue 16: words every complaint of an organisation shares (its name, its services) made every contact seem
    to be about an existing complaint. Scored less the organisation's typical complaint, they do not."""
    usual = similarity.typical(LARCHFIELD)
    assert same_issue(EVERYDAY, LARCHFIELD_CUSTOMER)["complaint"] == "1"  # plain scores: a match on "larchfield"
    assert same_issue(EVERYDAY, LARCHFIELD_CUSTOMER, typical=usual) is None
    found = same_issue(THE_LOCK, LARCHFIELD_CUSTOMER, typical=usual)
    assert found["complaint"] == "1" and {"front", "door", "lock"} <= set(found["shared_terms"])
    assert found["score"] == round(
        similarity.score(THE_LOCK, LARCHFIELD_CUSTOMER[0][1]) - similarity.compare(similarity.prepare(THE_LOCK), usual),
        3,
    )


def test_the_typical_complaint_needs_enough_complaints_and_is_their_mean():
    model = similarity.load()
    assert model.typical_minimum == 30 and len(LARCHFIELD) == 40
    assert similarity.typical(LARCHFIELD[:29]) is None
    usual = similarity.typical(LARCHFIELD[:30])
    prepared = [similarity.prepare(s) for s in LARCHFIELD[:30]]
    assert np.allclose(usual.meaning, np.mean([p.meaning for p in prepared], axis=0))
    assert usual.words["larchfield"] == pytest.approx(np.mean([p.words["larchfield"] for p in prepared]))
    assert len(usual.passages) == 0


def test_the_gate_and_the_api_read_the_organisations_typical_complaint(api, use_profile):
    from faircontact.gate.services import typical_complaint

    use_profile("wolverhampton-homes")
    others = [
        Customer.objects.create(reference=f"L-{i}", name=f"Other {i}", search_name=f"other {i}") for i in range(4)
    ]
    for i, summary in enumerate(LARCHFIELD[:26]):
        Complaint.objects.create(customer=others[i % 4], reference=f"L-C{i}", summary=summary)
    customer = Customer.objects.create(reference="L-9", name="Lee Tenant", search_name="lee tenant")
    ids = {
        key: Complaint.objects.create(customer=customer, reference=f"L-T{key}", summary=summary).pk
        for key, summary in LARCHFIELD_CUSTOMER
    }
    assert typical_complaint() is None  # 29 complaints on record: too few to say what is typical
    assert api.post("/gate", _letter(customer, EVERYDAY)).json()["same_issue"]["complaint"] == str(ids[1])
    Complaint.objects.create(customer=others[0], reference="L-C26", summary=LARCHFIELD[26])
    assert typical_complaint() is not None  # 30
    Complaint.objects.filter(reference="L-C26").delete()
    assert typical_complaint() is None  # read again when one is removed
    for i in range(26, 40):
        Complaint.objects.create(customer=others[i % 4], reference=f"L-C{i}", summary=LARCHFIELD[i])

    def stored(text):
        return Contact.objects.create(
            customer=customer, occurred_at="2026-11-01T09:00:00Z", channel="letter", body=text
        )

    assert api.get(f"/contacts/{stored(EVERYDAY).pk}/text-analysis").json()["same_issue"] is None
    assert api.post("/gate", _letter(customer, EVERYDAY)).json()["same_issue"] is None
    lock = str(ids[1])
    assert api.get(f"/contacts/{stored(THE_LOCK).pk}/text-analysis").json()["same_issue"]["complaint"] == lock
    assert api.post("/gate", _letter(customer, THE_LOCK)).json()["same_issue"]["complaint"] == lock
    # a summary changed is read again, even when its time is not (a retention sweep blanks summaries by update)
    before = typical_complaint()
    Complaint.objects.filter(reference="L-C0").update(summary="Something else entirely")
    now_on_record = list(Complaint.objects.values_list("summary", flat=True))
    assert typical_complaint().words == pytest.approx(similarity.typical(now_on_record).words)
    assert typical_complaint().words != before.words


def _letter(customer, body: str) -> dict:
    return {"customer": str(customer.pk), "occurred_at": "2026-11-24T10:15:00+00:00", "channel": "letter", "body": body}


def test_the_profile_service_vocabulary_reaches_the_gate_and_the_api(api, use_profile):
    from faircontact.core.profiles import load_profile_file
    from faircontact.gate import rules
    from faircontact.gate.services import guidance_with

    dwp = load_profile_file(POLICIES / "dwp.toml")
    assert dwp.service_vocabulary["UC"] == "universal credit"
    assert load_profile_file(POLICIES / "wolverhampton-homes.toml").service_vocabulary == {}
    complaints = ((1, "Universal Credit deduction taken twice"), (2, "Council tax bill wrong"))
    text = "The UC money was docked again this month."
    contact = rules.WouldBeContact(channel="letter", occurred_at=timezone.now())
    unconfigured = load_profile_file(POLICIES / "wolverhampton-homes.toml")
    assert guidance_with(contact, text=text, complaints=complaints, profile=unconfigured).same_issue is None
    found = guidance_with(contact, text=text, complaints=complaints, profile=dwp).same_issue
    assert found["complaint"] == "1" and "universal" in found["shared_terms"]

    customer = Customer.objects.create(reference="T-2", name="Vocabulary Person", search_name="vocabulary person")
    complaint = Complaint.objects.create(customer=customer, reference="T-C2", summary=complaints[0][1])
    Complaint.objects.create(customer=customer, reference="T-C3", summary=complaints[1][1])
    stored = Contact.objects.create(customer=customer, occurred_at="2026-11-01T09:00:00Z", channel="letter", body=text)
    use_profile("wolverhampton-homes")
    assert api.get(f"/contacts/{stored.pk}/text-analysis").json()["same_issue"] is None
    use_profile("dwp")
    assert api.get(f"/contacts/{stored.pk}/text-analysis").json()["same_issue"]["complaint"] == str(complaint.pk)


def test_a_service_vocabulary_entry_must_be_text(tmp_path):
    from faircontact.core.profiles import ProfileError, load_profile_file

    source = (POLICIES / "dwp.toml").read_text(encoding="utf-8")
    path = tmp_path / "dwp.toml"
    path.write_text(source.replace('UC = "universal credit"', "UC = 3"), encoding="utf-8")
    with pytest.raises(ProfileError) as refused:
        load_profile_file(path)
    assert refused.value.key == "gate.service_vocabulary.UC"


def test_a_long_letter_is_compared_passage_by_passage():
    model = similarity.load()
    assert model.passage_weight > 0
    letter = (
        "I moved into the flat in May with my two children. My daughter started at the local school in September. "
        "The bus route changed last month and the journey takes longer. I work shifts at the hospital. "
        "My mother visits on Sundays. The lift was repaired in the summer. "
        "The boiler has broken down again. The radiators are stone cold. Nobody came to repair the heating."
    )
    contact, complaint = similarity.prepare(letter), similarity.prepare(COMPLAINTS[0][1])
    assert len(contact.passages) == 9 - 2  # nine sentences, three at a time
    whole_only = similarity.Text(contact.meaning, contact.words)
    assert similarity.compare(contact, complaint) > similarity.compare(whole_only, complaint)
    assert same_issue(letter, COMPLAINTS)["complaint"] == "11"


def test_every_threat_pattern_needs_one_of_the_cue_words():
    from faircontact.indicators import abuse_threats

    examples = [
        "If that inspector comes round again he'll be going home in an ambulance.",
        "I'm not responsible for what I do to the next officer who knocks on my door.",
        "I'll break his legs if he sets foot in my garden again.",
        "Send that man again and he won't be walking out of here.",
        "You'd better watch your back.",
        "People like you deserve to die.",
        "I know where you live.",
        "Execution is the only solution for those people.",
        "I'll burn the place down with all of you in it.",
        "Raping a woman like you should not be illegal.",
        "Somebody give this clown a good beating.",
        "Line those animals up and shoot every last one.",
        "Burn their mosques down with them inside.",
        "She needs her face rearranged.",
        "Someone needs to put this guy in the ground.",
        "Hang the traitor from the nearest lamppost.",
        *VIOLENCE_FOURTH_ROUND,
    ]
    for text in examples:
        for sentence in sentences(normalise(text)):
            matched = any(p.search(sentence) for p in abuse_threats.PATTERNS + abuse_threats.IDIOMS)
            assert not matched or abuse_threats.CUES.search(sentence), sentence
            for pattern, needs in zip(abuse_threats.PATTERNS, abuse_threats.NEEDS, strict=True):
                # a pattern's own words (NEEDS) are a test made before it, never a limit on what it finds
                assert not pattern.search(sentence) or not needs or any(w in sentence for w in needs), sentence
