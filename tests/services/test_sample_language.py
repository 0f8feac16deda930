"""Sample data is written in the app's language: its email and phone labels and its tags
are free text that is shown as stored, so a Dutch app gets Dutch ones and an English app
English ones."""

from __future__ import annotations

import pytest

from desktop_crm.i18n import set_language
from desktop_crm.services.demo import fill_demo
from desktop_crm.store import models as m


def _written() -> tuple[set[str], set[str], set[str]]:
    emails = {e.label for e in m.ContactEmail.select(m.ContactEmail.label)}
    phones = {p.label for p in m.ContactPhone.select(m.ContactPhone.label)}
    tags = {t.name for t in m.Tag.select(m.Tag.name)}
    return emails, phones, tags


@pytest.mark.parametrize(
    "language, emails, phones, tags",
    [
        ("nl", {"werk", "thuis"}, {"mobiel"}, {"klant 2025", "beurs", "nieuwsbrief"}),
        ("en", {"work", "home"}, {"mobile"}, {"customer 2025", "trade fair", "newsletter"}),
    ],
)
def test_sample_labels_and_tags_are_in_the_apps_language(db, clock, language, emails, phones, tags):
    set_language(language)
    fill_demo(clock=clock, count=40)

    written = _written()
    assert written[0] == emails
    assert written[1] == phones
    assert written[2] and written[2] <= tags


def _texts() -> set[str]:
    """Every note, question, deal title and follow-up the sample wrote."""
    texts = {c.text for c in m.Conversation.select(m.Conversation.text)}
    texts |= {q.text for q in m.Question.select(m.Question.text)}
    texts |= {d.title for d in m.Deal.select(m.Deal.title)}
    texts |= {f.text for f in m.FollowUp.select(m.FollowUp.text)}
    return texts


@pytest.mark.parametrize(
    "language, expected, other",
    [
        ("nl", {"Bellen over de offerte", "Onderhoudscontract"}, {"Call about the quote"}),
        ("en", {"Call about the quote", "Maintenance contract"}, {"Bellen over de offerte"}),
    ],
)
def test_sample_notes_and_titles_are_in_the_apps_language(db, clock, language, expected, other):
    set_language(language)
    fill_demo(clock=clock, count=120)

    texts = _texts()
    assert expected <= texts
    assert not texts & other
    dutch_words = {"de", "het", "een", "met", "vindt"}
    words = {w.strip(".,;:?") for t in texts for w in t.lower().split()}
    assert bool(words & dutch_words) == (language == "nl")
