"""The phrases the product writes into a letter, in the language the letter is drafted in (``en`` or ``cy``).

A template's own words are the organisation's (``policies/letters/<slug>/[cy/]<kind>.html``); what the product
fills in — dates, days of the week, ways of contact, each restriction in a sentence, the scope and duration, the
outcome of a review or an appeal, the letter's frame (date, reference, greeting, signature) — comes from here, and
the organisation's own words (its roles, grounds, business units, policy title, ombudsman) from the profile's
``[languages.<code>]`` table (``Profile.words_in``). The Welsh phrases were written by the product team and are
**for review by a Welsh speaker before live use**; they avoid constructions whose mutation depends on the word
filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from faircontact.cases.protocols import DAY_NAMES, DAYS

#: languages a letter may be drafted in, by code
LANGUAGE_NAMES = {"en": "English", "cy": "Welsh"}

_MONTHS_CY = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)
_DAY_NAMES = {
    "en": DAY_NAMES,
    "cy": dict(
        zip(
            DAYS,
            ("dydd Llun", "dydd Mawrth", "dydd Mercher", "dydd Iau", "dydd Gwener", "dydd Sadwrn", "dydd Sul"),
            strict=True,
        )
    ),
}
_CHANNELS = {
    "en": {"email": "e-mail", "social_media": "social media", "portal": "the online portal or journal"},
    "cy": {
        "letter": "llythyr",
        "email": "e-bost",
        "phone": "ffôn",
        "visit": "ymweliad",
        "social_media": "cyfryngau cymdeithasol",
        "portal": "y porth neu'r dyddlyfr ar-lein",
        "other": "ffordd arall",
    },
}
_BEHAVIOUR_CY = {
    "abusive": "ymddygiad sarhaus",
    "aggressive": "ymddygiad ymosodol",
    "threatening": "bygythiadau",
    "harassment": "aflonyddu",
    "discriminatory": "ymddygiad gwahaniaethol",
    "recording_without_consent": "recordio heb ganiatâd",
}
_RELATIONSHIPS_CY = {
    "advocate": "Eiriolwr",
    "relative": "Perthynas",
    "mp": "Aelod Seneddol",
    "msp": "Aelod o Senedd yr Alban",
    "ms": "Aelod o'r Senedd",
    "mla": "Aelod o Gynulliad Deddfwriaethol Gogledd Iwerddon",
    "councillor": "Cynghorydd",
    "solicitor": "Cyfreithiwr",
    "other": "Arall",
}

#: every sentence the product writes into a letter, in each language; ``{names}`` are filled in
PHRASES: dict[str, dict[str, str]] = {
    "register": {
        "en": "{label}: your contact about the complaints listed in this letter is recorded as unreasonably "
        "persistent.",
        "cy": "{label}: mae eich cyswllt am y cwynion a restrir yn y llythyr hwn wedi'i gofnodi fel cyswllt "
        "afresymol o barhaus.",
    },
    "channels_only": {
        "en": "You may contact us by {channels} only.",
        "cy": "Dim ond y ffyrdd hyn o gysylltu â ni y cewch eu defnyddio: {channels}.",
    },
    "slot": {
        "en": "By {channel} on {days}, between {start} and {end}.",
        "cy": "{channel}: {days}, rhwng {start} a {end}.",
    },
    "any_weekday": {"en": "any weekday", "cy": "unrhyw ddiwrnod o'r wythnos"},
    "spoc": {
        "en": "{spoc} is your single point of contact and will deal with all your contact",
        "cy": "{spoc} yw eich unig bwynt cyswllt a bydd yn delio â'ch holl gyswllt",
    },
    "spoc_deputy": {
        "en": "; when they are away, {deputy} will deal with it instead",
        "cy": "; pan fyddant i ffwrdd, bydd {deputy} yn delio ag ef yn eu lle",
    },
    "acknowledge_only": {
        "en": "Letters and e-mails about complaint {refs} will be read and acknowledged, but not answered again.",
        "cy": "Bydd llythyrau a negeseuon e-bost am gŵyn {refs} yn cael eu darllen a'u cydnabod, ond ni fyddwn yn "
        "eu hateb eto.",
    },
    "file_without_reply": {
        "en": "Letters and e-mails about complaint {refs} will be read and placed on file, but we will not "
        "acknowledge or reply to them unless they show new evidence, worsening conditions or a linked issue.",
        "cy": "Bydd llythyrau a negeseuon e-bost am gŵyn {refs} yn cael eu darllen a'u rhoi ar ffeil, ond ni fyddwn "
        "yn eu cydnabod nac yn eu hateb oni bai eu bod yn dangos tystiolaeth newydd, amodau sy'n gwaethygu neu "
        "fater cysylltiedig.",
    },
    "calls": {
        "en": "You may telephone us {times} a week (Monday to Sunday)",
        "cy": "Cewch ein ffonio {times} yr wythnos (o ddydd Llun i ddydd Sul)",
    },
    "once": {"en": "once", "cy": "unwaith"},
    "times": {"en": "up to {n} times", "cy": "hyd at {n} gwaith"},
    "call_minutes": {
        "en": "; each call may last up to {minutes} minutes.",
        "cy": "; gall pob galwad bara hyd at {minutes} munud.",
    },
    "witnessed": {
        "en": "Any meeting or visit will take place with a second member of staff present.",
        "cy": "Bydd unrhyw gyfarfod neu ymweliad yn digwydd gydag ail aelod o staff yn bresennol.",
    },
    "third_party": {"en": "Contact must be made through {who}.", "cy": "Rhaid cysylltu â ni drwy: {who}."},
    "a_third_party": {"en": "a third party, such as an advocate", "cy": "trydydd parti, fel eiriolwr"},
    "appointment": {
        "en": "You may visit our offices by appointment only.",
        "cy": "Dim ond drwy apwyntiad y cewch ymweld â'n swyddfeydd.",
    },
    "buildings": {"en": "You may not enter {buildings}.", "cy": "Ni chewch fynd i'r adeiladau hyn: {buildings}."},
    "issue_limit": {
        "en": "We will consider up to {count} new issues every {days} days.",
        "cy": "Byddwn yn ystyried hyd at {count} o faterion newydd bob {days} diwrnod.",
    },
    "health_and_safety_only": {
        "en": "Until {date}, we will deal only with health and safety matters.",
        "cy": "Tan {date}, dim ond materion iechyd a diogelwch y byddwn yn delio â nhw.",
    },
    "suspended": {
        "en": "Until {date}, contact is suspended while we take legal advice.",
        "cy": "Tan {date}, mae cyswllt wedi'i atal tra byddwn yn cael cyngor cyfreithiol.",
    },
    "behaviour_agreement": {
        "en": "We ask you to sign an agreement setting out the standard of behaviour expected of you and of us.",
        "cy": "Gofynnwn i chi lofnodi cytundeb sy'n nodi'r safon ymddygiad a ddisgwylir gennych chi a gennym ni.",
    },
    "review_continue": {"en": "the arrangements will continue", "cy": "bydd y trefniadau'n parhau"},
    "review_vary": {"en": "the arrangements will change", "cy": "bydd y trefniadau'n newid"},
    "review_end": {"en": "the arrangements have ended", "cy": "mae'r trefniadau wedi dod i ben"},
    "appeal_upheld": {
        "en": "your appeal is upheld and the arrangements have ended",
        "cy": "mae eich apêl wedi'i chadarnhau ac mae'r trefniadau wedi dod i ben",
    },
    "appeal_dismissed": {
        "en": "your appeal is not upheld and the arrangements continue",
        "cy": "nid yw eich apêl wedi'i chadarnhau ac mae'r trefniadau'n parhau",
    },
    "appeal_varied": {
        "en": "your appeal is upheld in part and the arrangements are changed",
        "cy": "mae eich apêl wedi'i chadarnhau yn rhannol ac mae'r trefniadau wedi newid",
    },
    "scope_unit": {
        "en": "These arrangements apply to your contact with our {unit} service",
        "cy": "Mae'r trefniadau hyn yn berthnasol i'ch cyswllt â'n gwasanaeth {unit}",
    },
    "scope_all": {
        "en": "These arrangements apply to all your contact with us",
        "cy": "Mae'r trefniadau hyn yn berthnasol i'ch holl gyswllt â ni",
    },
    "scope_representative": {
        "en": ", including contact from {name} on your behalf",
        "cy": ", gan gynnwys cyswllt gan {name} ar eich rhan",
    },
    "starts_today": {"en": "the date of this letter", "cy": "dyddiad y llythyr hwn"},
    "until": {"en": "until {date}", "cy": "tan {date}"},
    "until_reviewed": {
        "en": "until we review them and write to tell you",
        "cy": "nes i ni eu hadolygu ac ysgrifennu atoch",
    },
    "duration": {"en": "They apply from {starts} {ends}.", "cy": "Maent yn berthnasol o {starts} {ends}."},
    "working_days": {"en": "{n} working days", "cy": "{n} diwrnod gwaith"},
    "days": {"en": "{n} days", "cy": "{n} diwrnod"},
    # the letter's frame (letters/document.html)
    "frame_date": {"en": "Date", "cy": "Dyddiad"},
    "frame_reference": {"en": "Our reference", "cy": "Ein cyfeirnod"},
    "frame_about": {"en": "About", "cy": "Ynghylch"},
    "frame_dear": {"en": "Dear", "cy": "Annwyl"},
    "frame_sign_off": {"en": "Yours sincerely", "cy": "Yn gywir"},
    "frame_enclosed": {"en": "Enclosed", "cy": "Amgaeedig"},
    "frame_appendix": {"en": "Appendix", "cy": "Atodiad"},
    "frame_summary_of": {"en": "a summary of our", "cy": "crynodeb o'n"},
    "frame_copy_to": {"en": "Copy to", "cy": "Copi at"},
    "frame_page": {"en": "Page", "cy": "Tudalen"},
    "frame_of": {"en": "of", "cy": "o"},
}


@dataclass(frozen=True)
class Wording:
    """The product's phrases in one language (``Wording("cy")``); English where a phrase has no translation."""

    language: str = "en"

    def say(self, key: str, **values) -> str:
        text = PHRASES[key].get(self.language) or PHRASES[key]["en"]
        return text.format(**values)

    def day(self, value: date | None) -> str:
        """A date written out: "30 April 2026", "30 Ebrill 2026"."""
        if not value:
            return ""
        if self.language == "cy":
            return f"{value.day} {_MONTHS_CY[value.month - 1]} {value.year}"
        return f"{value.day} {value:%B %Y}"

    def words(self, items: list[str]) -> str:
        """ "a, b and c"; in Welsh "a, b a c" ("ac" before a vowel)."""
        items = [i for i in items if i]
        if len(items) < 2:
            return "".join(items)
        last = items[-1]
        joint = "and"
        if self.language == "cy":
            joint = "ac" if last[:1].lower() in "aeiouwyâêîôûŵŷ" else "a"
        return ", ".join(items[:-1]) + f" {joint} " + last

    def weekday(self, code: str) -> str:
        return _DAY_NAMES.get(self.language, DAY_NAMES).get(code, code)

    def channel(self, name: str) -> str:
        return _CHANNELS.get(self.language, {}).get(name) or _CHANNELS["en"].get(name, name)

    def behaviour(self, code: str, english: str) -> str:
        return _BEHAVIOUR_CY.get(code, english) if self.language == "cy" else english

    def relationship(self, code: str, english: str) -> str:
        return _RELATIONSHIPS_CY.get(code, english) if self.language == "cy" else english

    def frame(self) -> dict[str, str]:
        """The words of the letter's frame, for ``letters/document.html`` (``frame.dear``, …)."""
        return {key.removeprefix("frame_"): self.say(key) for key in PHRASES if key.startswith("frame_")}
