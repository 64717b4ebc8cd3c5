"""The contextual second opinion on possible abuse (issue 16, fifth and sixth rounds): what it reads, what it adds
(abuse, violence called for or threatened), and that it runs as shipped (offline, in a forked gunicorn worker, one
text or many alike)."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys

import numpy as np
import pytest

from faircontact.indicators import abuse, abuse_context
from faircontact.indicators.abuse import possible_abuse, possible_abuse_many

# Hostility the word model scores under its threshold and the sentence transformer reads as abusive. Written
# for this test (no corpus sentence), each checked to pass the word model alone.
READ_IN_CONTEXT = [
    "Immigrants are ruining this country.",
    "You people are parasites living off honest taxpayers.",
    "Dear Sir, I wrote in March about the leak. You people are parasites living off honest taxpayers. Fix it.",
]
ORDINARY = [
    "The repair to my boiler booked for Tuesday did not happen, please call me back.",
    "I have been waiting three weeks for someone to fix the damp in the bedroom and nobody has come.",
    "Your officer was rude to my mother on the phone and I want an apology.",
]


# Violence called for or wished on people that neither the word model, the threat patterns nor the abuse head
# flag, and the violence head reads as such. Written for this test, each checked to pass the other signals.
VIOLENCE_IN_CONTEXT = [
    "Maybe a few of them should disappear permanently.",
    "We need to take up arms against these people.",
    "Dear Sir, the repairs are still not done. Those people will die, one by one. Regards",
]
# A danger the customer warns of, with the harm in it: never a threat of theirs (nor by the threat patterns).
DANGERS = [
    "If the council do not act someone will die in that tower block.",
    "A child will be killed on this road unless you put in a crossing.",
    "Somebody is going to get killed by that loose cable in the hallway.",
    "Mark my words, there will be a fatality.",
]


@pytest.fixture
def read(monkeypatch):
    """Every sentence the contextual model is asked about."""
    asked: list[str] = []
    real = abuse_context.read

    def reading(model, sentences):
        asked.extend(sentences)
        return real(model, sentences)

    monkeypatch.setattr(abuse_context, "read", reading)
    return asked


@pytest.mark.parametrize("text", READ_IN_CONTEXT)
def test_hostility_the_word_model_lets_pass_is_read_in_context_and_flagged(text, read):
    words_only, _ = abuse.word_judgements([text])
    assert words_only == [None]
    found = possible_abuse(text)
    assert found is not None and found["categories"] == ["abusive"]
    assert found["score"] >= abuse_context.load().threshold
    _, made = abuse.word_judgements([text])
    assert read == [made[0].piece]  # one sentence here: the one the word model finds most hostile
    # what carried the score is the sentence as a whole: it is shown (or, naming a group, the plain note)
    assert found["triggers"] == [made[0].piece[:80]] or (found["triggers"] == [] and found["note"] == abuse.GROUP_NOTE)


@pytest.mark.parametrize("text", VIOLENCE_IN_CONTEXT)
def test_violence_the_other_signals_let_pass_is_read_in_context_and_threatening(text, read):
    words_only, made = abuse.word_judgements([text])
    assert words_only == [None]
    model = abuse_context.load()
    abusive, violent = abuse_context.read(model, list(made[0].hostile))
    assert abusive[0] < model.threshold <= 1  # not abusive enough for the abuse head alone
    found = possible_abuse(text)
    assert found is not None and found["categories"] == ["threatening"]
    assert found["score"] >= model.violence_threshold and found["score"] == round(float(violent.max()), 3)
    # every sentence the word model scores from the floor is read, and the violent one is shown
    assert set(read) == set(made[0].hostile) and made[0].hostile[0] == made[0].piece
    shown = made[0].hostile[int(np.argmax(violent))][:80]
    assert found["triggers"] == [shown] or (found["triggers"] == [] and found["note"] == abuse.GROUP_NOTE)


@pytest.mark.parametrize("text", DANGERS)
def test_a_danger_the_customer_warns_of_is_no_threat(text, read):
    assert possible_abuse(text) is None
    assert abuse.threats(abuse.sentences(abuse.normalise(text))) == []
    _, made = abuse.word_judgements([text])
    assert made[0].hostile == () or abuse.violence_read(made[0]) == []


def test_a_sentence_read_for_violence_counts_from_below_the_most_hostile():
    """The most hostile sentence is read for abuse; every sentence from the floor for violence."""
    violent = "we need to take up arms against these people"
    text = f"You useless lot have left the lift broken for a month, you are a disgrace. {violent.capitalize()}."
    _, made = abuse.word_judgements([text])
    assert made[0].piece != violent and violent in made[0].hostile
    found = possible_abuse(text)
    assert found is not None and found["categories"] == ["threatening"] and found["triggers"] == [violent]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_letters_are_not_read_in_context_at_all(text, read):
    assert possible_abuse(text) is None
    assert read == []


def test_a_text_another_signal_flagged_is_not_read_again(read):
    assert possible_abuse("I know where you live and I will smash your face in.") is not None
    assert read == []


def test_one_text_or_many_give_the_same_answers_with_the_context_model():
    texts = READ_IN_CONTEXT + VIOLENCE_IN_CONTEXT + DANGERS + ORDINARY + ["", "you are a useless prick"]
    assert possible_abuse_many(texts) == [possible_abuse(t) for t in texts]


def test_the_shipped_context_model_and_its_threshold():
    model = abuse_context.load()
    assert model.coef.shape == (384,)
    assert 0.5 <= model.threshold < 1 and 0 < abuse_context.FLOOR < 0.5
    assert model.violence_coef.shape == (384,) and 0.5 <= model.violence_threshold < 1
    assert "no flag" in model.meta["threshold_rule"] and "HateCheck" in model.meta["violence_head"]
    held_out = ("olid", "offenseval", "mrpc", "cfpb", "consumerfinance")
    assert not any(name in s.lower() for s in model.meta["sources"].values() for name in held_out)
    # the arithmetic: the probability is the logistic of the head over the sentence's embedding
    sentence = "the weather is fine today"
    embedded = abuse_context.embed(model, [sentence])[0]
    assert abs(float(np.linalg.norm(embedded)) - 1.0) < 1e-3  # the graph gives unit-length embeddings
    expected = 1 / (1 + np.exp(-(float(embedded @ model.coef) + model.intercept)))
    assert abuse_context.read(model, [sentence])[0][0] == pytest.approx(expected, abs=1e-6)
    violent = 1 / (1 + np.exp(-(float(embedded @ model.violence_coef) + model.violence_intercept)))
    assert abuse_context.read(model, [sentence])[1][0] == pytest.approx(violent, abs=1e-6)


def _in_child(queue, sentences):
    model = abuse_context.load()
    queue.put(abuse_context.read(model, sentences)[0].tolist())


def test_a_forked_worker_reads_in_context_as_its_parent_does():
    """A process forked after the session was made (an import's bulk recompute forks its readers) can still use it."""
    sentences = ["you people are vermin", "please call me back about the repair"]
    model = abuse_context.load()
    here = abuse_context.read(model, sentences)[0].tolist()
    fork = multiprocessing.get_context("fork")
    queue = fork.Queue()
    child = fork.Process(target=_in_child, args=(queue, sentences))
    child.start()
    got = queue.get(timeout=60)
    child.join(timeout=60)
    assert child.exitcode == 0
    assert got == pytest.approx(here, abs=1e-9)


FORKING_MASTER = """
import os, sys
import django
django.setup()
from faircontact.config.warm import warm_up
warm_up(will_fork=True)  # as gunicorn's master does
assert "onnxruntime" not in sys.modules, "the master loaded onnxruntime"
pid = os.fork()
if pid == 0:  # a worker: reads a sentence in context, then ends as a gunicorn worker does (sys.exit, exit handlers)
    from faircontact.indicators.abuse import possible_abuse
    assert possible_abuse("You people are parasites living off honest taxpayers.") is not None
    sys.exit(0)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_a_master_that_forks_loads_no_onnxruntime_and_its_workers_end_cleanly():
    """Importing onnxruntime starts a thread; a child forked after it that then exits normally hangs for ever in
    onnxruntime's exit handlers (seen: gunicorn workers left running after `faircontact serve` stopped). So the
    master leaves the context model to its workers (config/warm.py, config/gunicorn.py)."""
    done = subprocess.run([sys.executable, "-c", FORKING_MASTER], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
