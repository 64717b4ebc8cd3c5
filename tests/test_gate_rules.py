"""The gate's rules, table-driven for each of the four profiles, then properties over arbitrary protocols."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faircontact.core.profiles import load_profile_file
from faircontact.gate.rules import (
    DAYS,
    CustomerState,
    Guidance,
    Person,
    ProtocolTerms,
    WouldBeContact,
    guidance,
    in_channel_words,
)

POLICIES = Path(__file__).resolve().parents[1] / "policies"
PROFILES = {path.stem: load_profile_file(path) for path in sorted(POLICIES.glob("*.toml"))}
CHANNELS = ("phone", "letter", "email", "visit", "social_media", "portal", "other")
WRITTEN_ONLY = ("letter", "email")

NOW = datetime(2026, 3, 10, 10, 30)  # a Tuesday
TODAY = NOW.date()
LETTER_ON = date(2026, 2, 20)
CLOSED, OPEN = 41, 42  # complaint 41 has had a full and final response and is acknowledge-only
UNRESTRICTED = 43  # a complaint no protocol drawn below makes acknowledge-only (42 may be)
SPOC, DEPUTY = Person(5, "Sam Singh"), Person(6, "Dee Patel")
MP, ADVOCATE = 9, 10  # representatives


@pytest.fixture(params=sorted(PROFILES), ids=str)
def profile(request):
    return PROFILES[request.param]


def terms(**overrides) -> ProtocolTerms:
    base = {
        "id": 70,
        "case_id": 30,
        "starts_on": date(2026, 3, 1),
        "letter_on": LETTER_ON,
        "channels_allowed": CHANNELS,
    }
    return ProtocolTerms(**(base | overrides))


def contact(channel="phone", at=NOW, **fields) -> WouldBeContact:
    return WouldBeContact(channel=channel, occurred_at=at, **fields)


def ask(profile, would_be: WouldBeContact, *protocols: ProtocolTerms, now=NOW, **state):
    return guidance(would_be, CustomerState(protocols=protocols, **state), profile, now)


def refused(g) -> bool:
    return g.handling == "remind_and_end"


# --- no protocol -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("protocols", "would_be"),
    [
        ((), contact("phone")),
        ((terms(starts_on=date(2026, 3, 11), channels_allowed=WRITTEN_ONLY),), contact("phone")),  # not yet
        ((terms(ends_on=date(2026, 3, 9), channels_allowed=WRITTEN_ONLY),), contact("phone")),  # ended
        ((terms(channels_allowed=WRITTEN_ONLY),), contact("phone", direction="outbound")),  # we called them
    ],
    ids=["none", "not started", "ended", "outbound"],
)
def test_no_protocol_in_force_is_handled_normally(profile, protocols, would_be):
    g = ask(profile, would_be, *protocols)
    assert (g.handling, g.breach, g.case_id, g.protocol_id) == ("handle_normally", False, None, None)
    assert g.as_dict()["case"] is None and "case_id" not in g.as_dict()


# --- channels and times ----------------------------------------------------------------------------


def test_a_phone_call_when_written_only_is_ended_with_the_profiles_script_and_recorded_as_a_breach(profile):
    g = ask(profile, contact("phone"), terms(channels_allowed=WRITTEN_ONLY))
    assert (g.handling, g.breach) == ("remind_and_end", True)
    assert g.script == profile.gate["end_call_script"]
    assert any("20 February 2026" in reason for reason in g.reasons)
    assert any("permitted: letter, email" in reason for reason in g.reasons)
    assert g.as_dict()["case"] == "30" and g.as_dict()["protocol"] == "70"


@pytest.mark.parametrize("channel", ["email", "social_media", "portal"])
def test_a_written_contact_by_a_channel_not_permitted_gets_a_brief_reminder(profile, channel):
    g = ask(profile, contact(channel), terms(channels_allowed=("letter",)))
    assert (g.handling, g.breach) == ("remind_and_end", True)
    assert "20 February 2026" in g.script and g.script != profile.gate["end_call_script"]


def test_without_a_letter_date_the_reminder_points_to_the_arrangements(profile):
    g = ask(profile, contact("phone"), terms(channels_allowed=WRITTEN_ONLY, letter_on=None))
    assert refused(g) and any("the arrangements we have set out" in reason for reason in g.reasons)


def test_a_permitted_channel_is_handled_normally(profile):
    g = ask(profile, contact("letter"), terms(channels_allowed=WRITTEN_ONLY))
    assert (g.handling, g.breach, g.case_id) == ("handle_normally", False, 30)


PHONE_SLOT = {"channel": "phone", "days": ["tue", "thu"], "from": "10:00", "to": "11:00"}


@pytest.mark.parametrize(
    ("at", "allowed"),
    [
        (datetime(2026, 3, 10, 10, 30), True),  # Tuesday, inside
        (datetime(2026, 3, 10, 10, 0), True),  # the slot opens
        (datetime(2026, 3, 12, 10, 59), True),  # Thursday
        (datetime(2026, 3, 10, 9, 59), False),  # too early
        (datetime(2026, 3, 10, 11, 0), False),  # the slot has closed
        (datetime(2026, 3, 11, 10, 30), False),  # Wednesday
        (datetime(2026, 3, 14, 10, 30), False),  # Saturday
    ],
)
def test_calls_outside_the_permitted_days_and_hours_are_ended_as_a_breach(profile, at, allowed):
    g = ask(profile, contact("phone", at=at), terms(channels_allowed=("phone", "letter"), times=(PHONE_SLOT,)))
    if allowed:
        assert (g.handling, g.breach) == ("handle_normally", False)
    else:
        assert (g.handling, g.breach, g.script) == ("remind_and_end", True, profile.gate["end_call_script"])
        assert any("outside the permitted days and times" in reason for reason in g.reasons)


def test_times_for_one_channel_do_not_limit_another(profile):
    at = datetime(2026, 3, 14, 18, 0)  # Saturday evening
    g = ask(profile, contact("letter", at=at), terms(channels_allowed=("phone", "letter"), times=(PHONE_SLOT,)))
    assert g.handling == "handle_normally"


# --- acknowledge only, SPOC ------------------------------------------------------------------------


@pytest.mark.parametrize("channel", ["letter", "email", "portal"])
def test_written_contact_about_an_acknowledge_only_complaint_is_acknowledged_not_a_breach(profile, channel):
    """003 §30-31."""
    g = ask(profile, contact(channel, complaint_id=CLOSED), terms(acknowledge_only_complaints=(CLOSED,)))
    assert (g.handling, g.breach) == ("acknowledge_only", False)
    assert g.script == in_channel_words(profile.gate["acknowledge_wording"], contact(channel, complaint_id=CLOSED))
    assert "10 March 2026" in g.script and "{" not in g.script  # the contact's own date, not a placeholder
    noun = {"letter": "letter", "email": "email", "portal": "message"}[channel]
    assert f"your {noun} of 10 March 2026" in g.script
    if channel != "letter":
        assert "your letter" not in g.script


def test_the_acknowledgement_names_the_complaint_where_the_profile_asks_for_it():
    dwp = PROFILES["dwp"]
    would_be = contact("email", complaint_id=CLOSED, complaint_reference="DWP100002-1")
    g = ask(dwp, would_be, terms(acknowledge_only_complaints=(CLOSED,)))
    assert "about complaint DWP100002-1" in g.script and "{issues}" not in g.script


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_script_is_complete_and_in_the_words_of_its_channel(profile, channel):
    """No placeholder is left for staff to fill in, and a script for a visit never speaks of a telephone call."""
    cases = [
        (contact(channel), terms(channels_allowed=())),  # remind and end
        (contact(channel, complaint_id=CLOSED), terms(acknowledge_only_complaints=(CLOSED,))),
        (contact(channel), terms(spoc=SPOC)),
    ]
    for would_be, protocol in cases:
        script = ask(profile, would_be, protocol).script
        assert script and "{" not in script and "}" not in script, script
        if channel == "visit":
            assert "telephone" not in script and " call" not in script, script
        if channel in ("email", "portal", "letter") and "Thank you for your" in script:
            assert f"your {dict(email='email', portal='message', letter='letter')[channel]} of" in script


def test_contact_about_another_complaint_is_not_acknowledge_only(profile):
    g = ask(profile, contact("letter", complaint_id=OPEN), terms(acknowledge_only_complaints=(CLOSED,)))
    assert g.handling == "handle_normally"


def test_a_call_about_an_acknowledge_only_complaint_is_ended_without_a_breach(profile):
    g = ask(profile, contact("phone", complaint_id=CLOSED), terms(acknowledge_only_complaints=(CLOSED,)))
    assert (g.handling, g.breach, g.script) == ("remind_and_end", False, profile.gate["end_call_script"])


@pytest.mark.parametrize(
    ("spoc", "deputy", "routed_to", "is_deputy"),
    [
        (SPOC, DEPUTY, SPOC, False),
        (Person(5, "Sam Singh", absent=True), DEPUTY, DEPUTY, True),
        (Person(5, "Sam Singh", absent=True), None, SPOC, False),  # no deputy named: still the SPOC
    ],
    ids=["present", "away with deputy", "away without deputy"],
)
def test_contact_is_routed_to_the_single_point_of_contact_or_the_deputy(profile, spoc, deputy, routed_to, is_deputy):
    """003 §28."""
    g = ask(profile, contact("phone"), terms(spoc=spoc, spoc_deputy=deputy))
    assert (g.handling, g.breach) == ("route_to_spoc", False)
    assert g.spoc == {"id": str(routed_to.id), "name": routed_to.name, "deputy": is_deputy}
    assert g.script == profile.gate["spoc_script"].format(spoc=routed_to.name)
    assert any(routed_to.name in reason for reason in g.reasons)


# --- what is never refused -------------------------------------------------------------------------

RESTRICTIVE = {
    "written only": terms(channels_allowed=WRITTEN_ONLY),
    "suspended": terms(channels_allowed=(), suspended_until=date(2026, 3, 20)),
    "health and safety only": terms(health_and_safety_only_until=date(2026, 6, 1)),
    "third party only": terms(third_party_only=True, third_party="Citizens Advice"),
    "building ban": terms(buildings_banned=("Civic Centre",)),
    "outside times": terms(times=({"channel": "phone", "days": ["mon"], "from": "09:00", "to": "10:00"},)),
    "acknowledge only": terms(acknowledge_only_complaints=(CLOSED,)),
}
ALWAYS_DEALT_WITH = {
    "new issue": ({"new_issue": True}, "new_complaint"),
    "freedom of information": ({"request_type": "foi"}, "handle_normally"),
    "subject access": ({"request_type": "sar"}, "handle_normally"),
    "urgent": ({"urgent": True}, "handle_normally"),
    "health and safety": ({"health_and_safety": True}, "handle_normally"),
}


@pytest.mark.parametrize("protocol", RESTRICTIVE.values(), ids=RESTRICTIVE.keys())
@pytest.mark.parametrize(("fields", "handling"), ALWAYS_DEALT_WITH.values(), ids=ALWAYS_DEALT_WITH.keys())
@pytest.mark.parametrize("channel", ["phone", "visit", "email"])
def test_new_issues_foi_sar_urgent_and_health_and_safety_are_never_refused(
    profile, protocol, fields, handling, channel
):
    """000 §6.3, 001 §6.4.4, 002 §4; 003 §33-34."""
    g = ask(profile, contact(channel, complaint_id=CLOSED, **fields), protocol)
    assert (g.handling, g.breach) == (handling, False)


def test_reaching_the_issue_limit_flags_the_new_issue_and_lists_the_open_ones(profile):
    """001 §6.4: a limit on the number of issues raised in a period."""
    protocol = terms(issue_limit={"count": 3, "period_days": 30})
    g = ask(profile, contact("email", new_issue=True), protocol, open_issues=("C-1", "C-2", "C-3"), issues_in_period=3)
    assert (g.handling, g.breach) == ("new_complaint", False)
    assert "issue_limit_reached" in g.flags
    assert any("3 issues in 30 days" in reason and "C-1, C-2, C-3" in reason for reason in g.reasons)
    below = ask(profile, contact("email", new_issue=True), protocol, open_issues=("C-1", "C-2"), issues_in_period=2)
    assert below.handling == "new_complaint" and "issue_limit_reached" not in below.flags


# --- representatives and third parties -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["mp", "msp", "ms", "mla", "councillor"])
def test_an_elected_representative_the_profile_lists_writing_about_an_acknowledge_only_complaint_gets_the_mp_reply(
    profile, kind
):
    """003 §32, for exactly the kinds of elected representative the profile lists (``[representatives] elected``)."""
    for protocol in (
        terms(acknowledge_only_complaints=(CLOSED,)),
        terms(acknowledge_only_complaints=(CLOSED,), third_party_only=True, third_party="their MP"),
    ):
        letter = contact("letter", complaint_id=CLOSED, representative_id=MP, representative_relationship=kind)
        g = ask(profile, letter, protocol)
        if kind in profile.elected_representatives:
            assert (g.handling, g.breach) == ("reply_to_mp", False)
            assert g.reasons[0].startswith("An elected representative is writing about a complaint")
        else:
            assert g.handling != "reply_to_mp"


def test_a_representative_who_is_not_elected_gets_no_mp_reply(profile):
    """An advocate writing about an acknowledge-only complaint: not bound by the customer's arrangements, unless
    they are the third party all contact must come through, when the complaint is acknowledged only."""
    letter = contact("letter", complaint_id=CLOSED, representative_id=ADVOCATE, representative_relationship="advocate")
    g = ask(profile, letter, terms(acknowledge_only_complaints=(CLOSED,)))
    assert (g.handling, g.breach) == ("handle_normally", False)
    via = terms(acknowledge_only_complaints=(CLOSED,), third_party_only=True, third_party="Citizens Advice")
    assert ask(profile, letter, via).handling == "acknowledge_only"


def test_the_elected_kinds_are_the_profiles_own():
    assert PROFILES["strathmore-council"].elected_representatives == ("msp", "mp", "councillor")
    assert PROFILES["tai-tywi"].elected_representatives == ("ms", "mp", "councillor")
    assert PROFILES["dwp"].elected_representatives == ("mp",)  # the default


def test_third_party_only_refuses_direct_contact_and_accepts_the_representative(profile):
    protocol = terms(third_party_only=True, third_party="Citizens Advice", channels_allowed=WRITTEN_ONLY)
    direct = ask(profile, contact("letter"), protocol)
    assert (direct.handling, direct.breach) == ("remind_and_end", True)
    assert any("through Citizens Advice" in reason for reason in direct.reasons)
    via = ask(profile, contact("letter", representative_id=ADVOCATE), protocol)
    assert (via.handling, via.breach, via.case_id) == ("handle_normally", False, 30)
    # the third party uses the protocol's channels too
    assert refused(ask(profile, contact("phone", representative_id=ADVOCATE), protocol))


def test_a_representative_is_not_bound_by_the_customers_own_arrangements(profile):
    protocol = terms(channels_allowed=WRITTEN_ONLY)
    call = ask(profile, contact("phone", representative_id=ADVOCATE), protocol)
    assert (call.handling, call.breach) == ("handle_normally", False)
    assert refused(ask(profile, contact("phone"), protocol))  # the customer calling is still ended


def test_a_protocol_for_a_representative_in_their_own_right_covers_only_that_representative(profile):
    protocol = terms(representative_id=MP, channels_allowed=WRITTEN_ONLY)
    assert refused(ask(profile, contact("phone", representative_id=MP), protocol))
    assert ask(profile, contact("phone"), protocol).handling == "handle_normally"
    assert ask(profile, contact("phone", representative_id=ADVOCATE), protocol).handling == "handle_normally"


# --- visits, suspension, health and safety only ----------------------------------------------------


def test_visits_by_appointment_only(profile):
    protocol = terms(appointment_only=True)
    walk_in = ask(profile, contact("visit"), protocol)
    assert (walk_in.handling, walk_in.breach) == ("remind_and_end", True)
    assert walk_in.script == in_channel_words(profile.gate["end_call_script"], contact("visit"))
    assert "telephone" not in walk_in.script and "conversation" in walk_in.script
    assert any("appointment only" in reason for reason in walk_in.reasons)
    assert ask(profile, contact("visit", appointment=True), protocol).handling == "handle_normally"
    assert ask(profile, contact("phone"), protocol).handling == "handle_normally"


def test_a_building_ban_refuses_visits_and_nothing_else(profile):
    """002 §4."""
    protocol = terms(buildings_banned=("Civic Centre", "Tooley Street"))
    g = ask(profile, contact("visit", appointment=True), protocol)
    assert (g.handling, g.breach) == ("remind_and_end", True)
    assert any("Civic Centre, Tooley Street" in reason for reason in g.reasons)
    assert ask(profile, contact("phone"), protocol).handling == "handle_normally"


@pytest.mark.parametrize(
    ("now", "suspended"),
    [(NOW, True), (datetime(2026, 3, 20, 16, 0), True), (datetime(2026, 3, 21, 9, 0), False)],
    ids=["during", "last day", "after"],
)
@pytest.mark.parametrize("channel", ["phone", "letter"])
def test_a_suspension_pending_legal_advice_refuses_contact_until_it_ends(profile, now, suspended, channel):
    """002 §4."""
    protocol = terms(channels_allowed=WRITTEN_ONLY, suspended_until=date(2026, 3, 20))
    g = ask(profile, contact(channel, at=now), protocol, now=now)
    if suspended:
        assert (g.handling, g.breach) == ("remind_and_end", True)
        assert any("suspended until 20 March 2026" in reason for reason in g.reasons)
    else:
        assert refused(g) == (channel == "phone")


@pytest.mark.parametrize(("now", "within"), [(NOW, True), (datetime(2026, 6, 2, 9, 0), False)])
def test_001_s6_4_4_a_health_and_safety_only_scope(profile, now, within):
    """001 §6.4.4(a): contact on another matter is outside the arrangement's scope, handled as normal and not a
    breach; only contact by a removed channel is."""
    protocol = terms(health_and_safety_only_until=date(2026, 6, 1))
    g = ask(profile, contact("email", at=now), protocol, now=now)
    assert not refused(g) and not g.breach and g.handling == "handle_normally"
    assert any("outside its scope" in reason and "until 1 June 2026" in reason for reason in g.reasons) == within
    removed = terms(health_and_safety_only_until=date(2026, 6, 1), channels_allowed=WRITTEN_ONLY)
    by_phone = ask(profile, contact("phone", at=now), removed, now=now)
    assert refused(by_phone) and by_phone.breach
    assert (
        ask(profile, contact("email", at=now, health_and_safety=True), protocol, now=now).handling == "handle_normally"
    )


# --- scope and precedence --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "covered"), [(2, True), (5, False), (None, False)], ids=["that unit", "another unit", "no complaint"]
)
def test_a_protocol_scoped_to_a_business_unit_covers_only_contact_about_its_complaints(profile, unit, covered):
    protocol = terms(business_unit_id=2, channels_allowed=WRITTEN_ONLY)
    g = ask(profile, contact("phone", complaint_id=OPEN if unit else None, complaint_unit_id=unit), protocol)
    assert refused(g) == covered and g.breach == covered


def test_the_most_specific_protocol_governs(profile):
    general = terms(id=1, channels_allowed=WRITTEN_ONLY)
    repairs = terms(id=2, business_unit_id=2, channels_allowed=("phone", "letter"))
    for_the_mp = terms(id=3, representative_id=MP, channels_allowed=("letter",))
    about_repairs = {"complaint_id": OPEN, "complaint_unit_id": 2}
    for order in ((general, repairs, for_the_mp), (for_the_mp, repairs, general)):
        assert ask(profile, contact("phone", **about_repairs), *order).protocol_id == 2
        assert ask(profile, contact("phone"), *order).protocol_id == 1
        assert ask(profile, contact("email", representative_id=MP, **about_repairs), *order).protocol_id == 3


def test_abusive_behaviour_and_a_violence_marker_are_flagged(profile):
    g = ask(profile, contact("phone", behaviour=("abusive",)), markers=("potentially_violent",))
    assert g.handling == "handle_normally"
    assert g.flags == ["possible_abuse", "potentially_violent"]


# --- properties ------------------------------------------------------------------------------------

times_of_day = st.integers(min_value=0, max_value=23 * 60 + 58)


@st.composite
def slots(draw, channels):
    start = draw(times_of_day)
    end = draw(st.integers(min_value=start + 1, max_value=23 * 60 + 59))
    return {
        "channel": draw(st.sampled_from(channels)),
        "days": draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True)),
        "from": f"{start // 60:02d}:{start % 60:02d}",
        "to": f"{end // 60:02d}:{end % 60:02d}",
    }


optional_day = st.none() | st.dates(min_value=TODAY - timedelta(days=10), max_value=TODAY + timedelta(days=40))
people = st.builds(
    Person, id=st.integers(1, 50), name=st.sampled_from(["Sam Singh", "Dee Patel"]), absent=st.booleans()
)


@st.composite
def protocols(draw, min_channels=0, ident=70):
    """Protocols as ``cases.protocols.check_protocol`` lets them be: slots on permitted channels, a named third
    party, a deputy only with a SPOC, dates not before the start, no building ban when visits are the only way in."""
    channels = tuple(draw(st.lists(st.sampled_from(CHANNELS), min_size=min_channels, unique=True)))
    banned = st.lists(
        st.sampled_from(["Civic Centre", "Depot"]), unique=True, max_size=0 if channels == ("visit",) else 2
    )
    spoc = draw(st.none() | people)
    third_party_only = draw(st.booleans())
    starts_on = draw(st.dates(min_value=TODAY - timedelta(days=400), max_value=TODAY))
    after_start = optional_day.filter(lambda d: d is None or d >= starts_on)
    return ProtocolTerms(
        id=ident,
        case_id=ident + 1000,
        starts_on=starts_on,
        ends_on=draw(st.none() | st.dates(min_value=TODAY, max_value=TODAY + timedelta(days=800))),
        letter_on=draw(st.none() | st.just(starts_on)),
        channels_allowed=channels,
        times=tuple(draw(st.lists(slots(channels), max_size=3))) if channels else (),
        spoc=spoc,
        spoc_deputy=draw(st.none() | people) if spoc else None,
        acknowledge_only_complaints=tuple(draw(st.lists(st.sampled_from([CLOSED, OPEN]), unique=True))),
        third_party_only=third_party_only,
        third_party="Citizens Advice" if third_party_only else "",
        appointment_only=draw(st.booleans()),
        buildings_banned=tuple(draw(banned)),
        issue_limit=draw(st.none() | st.builds(dict, count=st.integers(1, 5), period_days=st.integers(1, 90))),
        health_and_safety_only_until=draw(after_start),
        suspended_until=draw(after_start) if not channels or draw(st.booleans()) else None,
        representative_id=draw(st.none() | st.just(MP)),
        business_unit_id=draw(st.none() | st.just(2)),
    )


contacts = st.builds(
    WouldBeContact,
    channel=st.sampled_from(CHANNELS),
    occurred_at=st.datetimes(min_value=NOW - timedelta(days=3), max_value=NOW + timedelta(days=3)),
    direction=st.sampled_from(["inbound", "inbound", "outbound"]),
    complaint_id=st.sampled_from([None, CLOSED, OPEN]),
    complaint_unit_id=st.sampled_from([None, 2, 5]),
    request_type=st.sampled_from(["", "", "foi", "sar"]),
    representative_id=st.sampled_from([None, MP, ADVOCATE]),
    new_issue=st.booleans(),
    appointment=st.booleans(),
    behaviour=st.sampled_from([(), ("abusive",)]),
)
states = st.builds(
    CustomerState,
    protocols=st.lists(st.integers(1, 60), max_size=3, unique=True).flatmap(
        lambda ids: st.tuples(*(protocols(ident=i) for i in ids))
    ),
    open_issues=st.lists(st.sampled_from(["C-1", "C-2"]), unique=True).map(tuple),
    issues_in_period=st.integers(0, 8),
    markers=st.sampled_from([(), ("potentially_violent",)]),
)


@settings(max_examples=200, deadline=None)
@given(would_be=contacts, state=states, profile=st.sampled_from(list(PROFILES.values())), data=st.data())
def test_urgent_or_health_and_safety_contact_is_never_refused(would_be, state, profile, data):
    urgent, health_and_safety = data.draw(st.sampled_from([(True, False), (False, True), (True, True)]))
    would_be = WouldBeContact(**(would_be.__dict__ | {"urgent": urgent, "health_and_safety": health_and_safety}))
    g = guidance(would_be, state, profile, NOW)
    assert g.handling == "handle_normally" and not g.breach


@settings(max_examples=200, deadline=None)
@given(would_be=contacts, state=states, profile=st.sampled_from(list(PROFILES.values())))
def test_guidance_does_not_depend_on_the_order_of_the_protocols(would_be, state, profile):
    reordered = CustomerState(**(state.__dict__ | {"protocols": state.protocols[::-1]}))
    assert guidance(would_be, state, profile, NOW) == guidance(would_be, reordered, profile, NOW)


def ways_in(protocol: ProtocolTerms):
    """Ordinary contact (not urgent, not a new issue, not about a closed complaint) the protocol should accept."""
    monday = datetime.combine(TODAY - timedelta(days=TODAY.weekday()), time())
    for channel in protocol.channels_allowed:
        moments = [
            monday
            + timedelta(days=DAYS.index(slot["days"][0]), hours=int(slot["from"][:2]), minutes=int(slot["from"][3:]))
            for slot in protocol.times
            if slot["channel"] == channel
        ] or [NOW]
        for at in moments:
            for representative in {protocol.representative_id, ADVOCATE}:
                yield WouldBeContact(
                    channel=channel,
                    occurred_at=at,
                    representative_id=representative,
                    appointment=True,
                    complaint_id=UNRESTRICTED,
                    complaint_unit_id=protocol.business_unit_id,
                )


def test_a_building_ban_with_visits_as_the_only_channel_is_refused_when_the_protocol_is_made():
    """The one way-in rule the gate cannot keep by itself: it does not know which building a visit is to."""
    from faircontact.cases.protocols import ProtocolSpec, check_protocol
    from faircontact.core.errors import InvalidInput

    spec = ProtocolSpec(channels_allowed=["visit"], buildings_banned=["Tooley Street"], starts_on=TODAY)
    with pytest.raises(InvalidInput, match="no way of contact"):
        check_protocol(spec, profile=PROFILES["southwark"], customer=None, case=None)


@settings(max_examples=200, deadline=None)
@given(protocol=protocols(min_channels=1), profile=st.sampled_from(list(PROFILES.values())))
def test_a_protocol_always_leaves_a_way_in(protocol, profile):
    """000 §6.3, 001 §6.4.4, 002 §4: at least one form of contact is maintained. A suspension pending legal advice
    and a health-and-safety-only period leave urgent and health-and-safety reports (tested above)."""
    protocol = ProtocolTerms(**(protocol.__dict__ | {"suspended_until": None, "health_and_safety_only_until": None}))
    state = CustomerState(protocols=(protocol,))
    answers = [guidance(would_be, state, profile, NOW) for would_be in ways_in(protocol)]
    assert answers and any(not refused(g) and g.case_id == protocol.case_id for g in answers)


def test_as_dict_is_the_dataclass_with_string_ids_and_copies():
    from dataclasses import asdict

    g = Guidance(
        handling="route_to_spoc",
        reasons=["r"],
        spoc={"id": "3", "name": "S", "deputy": False},
        same_issue={"complaint": "4", "score": 0.5, "shared_terms": ["heating"]},
        flags=["possible_abuse"],
        case_id=7,
        protocol_id=9,
    )
    expected = asdict(g)
    expected.pop("case_id"), expected.pop("protocol_id")
    data = g.as_dict()
    assert data == {**expected, "case": "7", "protocol": "9"}
    data["same_issue"]["shared_terms"].append("x")
    data["reasons"].append("x")
    assert g.same_issue["shared_terms"] == ["heating"] and g.reasons == ["r"]


def test_text_checks_remembered_per_text_give_the_answers_of_the_checks_themselves():
    from faircontact.gate.services import TextChecks
    from faircontact.gate.similarity import same_issue

    checks = TextChecks()
    text = "The boiler is broken again and there is no heating or hot water"
    summaries = ("Noise from the neighbour's loud music", "Boiler not repaired, no heating")
    ann = tuple(zip((41, 17), summaries, strict=True))
    bob = tuple(zip((5, 6), summaries, strict=True))
    first = checks.same_issue(text, ann)
    assert first is not None and first["complaint"] == "17"
    assert first == same_issue(text, list(ann))
    # the same text and summaries for another customer: remembered, and that customer's own ids
    assert (
        checks.same_issue(text, bob) == same_issue(text, list(bob)) and checks.same_issue(text, bob)["complaint"] == "6"
    )
    assert checks.possible_abuse("You useless idiot") == checks.possible_abuse("You useless idiot") is not None


def test_text_checks_made_for_a_batch_at_once_give_the_answers_of_the_checks_one_by_one(monkeypatch):
    """The importer primes a batch's checks together (possible_abuse_many, same_issue_many); every answer is then
    the one the single-text checks give."""
    from faircontact.gate.services import TextChecks
    from faircontact.gate.similarity import same_issue
    from faircontact.indicators.abuse import possible_abuse

    summaries = ((41, "Noise from the neighbour's loud music"), (17, "Boiler not repaired, no heating"))
    texts = [
        "The boiler is broken again and there is no heating or hot water",
        "You useless idiot, I will come round and sort you out",
        "Please can you tell me when my rent statement will arrive",
        "",
        "The boiler is broken again and there is no heating or hot water",  # a text met twice in the batch
    ]
    expected = [(possible_abuse(text), same_issue(text, list(summaries)) if text else None) for text in texts]
    batched = TextChecks()
    batched.prime(texts, [(text, summaries) for text in texts])

    def one_by_one(*args, **kwargs):
        raise AssertionError("asked one by one after the batch was primed")

    monkeypatch.setattr("faircontact.gate.services.possible_abuse", one_by_one)
    monkeypatch.setattr("faircontact.gate.services.same_issue", one_by_one)
    assert [(batched.possible_abuse(t), batched.same_issue(t, summaries)) for t in texts] == expected
    assert expected[0][1]["complaint"] == "17" and expected[1][0] is not None and expected[2][0] is None
