"""Believable demo data, so a new user can try every screen: `desktop-crm demo`.

Deterministic (a fixed seed) and spread over the past year, so the funnel and
the insights have history; some follow-ups overdue, some due today, birthdays
in the coming week."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import peewee as pw

from desktop_crm.domain.birthdays import Birthday
from desktop_crm.domain.clock import Clock, FixedClock, SystemClock
from desktop_crm.domain.local_time import local_moment
from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import N_, _
from desktop_crm.services import conversations, deals, qualification, questions
from desktop_crm.services.changes import Changes
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft, EmailEntry, PhoneEntry
from desktop_crm.services.times import to_storage
from desktop_crm.store import models as m
from desktop_crm.store.database import refresh_statistics, write_transaction

SAMPLE_FORMAT = "sample"  # the import batch that holds the sample data
SAMPLE_FILE_NAME = "sample data"

DUTCH_GIVEN = (
    "Sanne Daan Emma Lucas Julia Sem Tess Finn Anouk Bram Fleur Thijs Lotte Jesse Noor Ruben "
    "Eva Stijn Iris Jeroen Marloes Niels Ingrid Gijs Femke Wouter Maaike Joost Esther Pieter"
).split()
DUTCH_FAMILY = (
    "de Vries|Jansen|van Dijk|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|"
    "Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|"
    "Kok|Jacobs|van den Berg|Vermeulen|Willems|Postma|van 't Hof|Kuijpers"
).split("|")
ENGLISH_GIVEN = "Oliver Amelia George Isla Harry Ava Jack Mia Charlie Grace Thomas Emily".split()
ENGLISH_FAMILY = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Evans Walker Wright".split()
)
OTHER_NAMES = (
    "Thomas Müller",
    "Zoë Laurent",
    "Yusuf Demir",
    "Priya Ramdin",
    "山田 太郎",
    "Łukasz Nowak",
)
COMPANIES = (
    "Bakker Bouw B.V.",
    "Dekker Logistiek",
    "Visser Advies",
    "Groen & Zn",
    "De Graaf Bloemen",
    "Meijer ICT",
    "Zorggroep West",
    "Postma Agri",
    "Van Dijk Installatie",
    "Brouwer Design",
    "Northwind Ltd",
    "Harbour Consulting",
    "Kok Catering",
    "Smit Fietsen",
    "",
    "",
    "",
)
JOBS = ("Eigenaar", "Inkoper", "Directeur", "Office manager", "Projectleider", "Owner", "")
SOURCES = ("bought_list", "phone_book", "internet", "in_person", "referral")
TALKS = (
    N_("Short call about the quote; will call back after talking it over with their partner."),
    N_("Had coffee at the trade fair. Interested in the maintenance contract."),
    N_("Sent an email with the brochure and two references."),
    N_(
        "Gave the presentation on site, with a demo of the schedule.\nQuestions about the price per month."
    ),
    N_("Called about the renewal; wants numbers before Friday."),
)
QUESTIONS = (
    N_("Can it be delivered before the summer?"),
    N_("What does the installation cost including VAT?"),
    N_("Is there a trial period?"),
    N_("Does the price include training?"),
    N_("Concern: finds the 24-month term too long."),
)
# Email and phone labels, tags, notes and titles are the user's own free text: stored as typed
# and shown as stored. The sample's are written in the app's language when it is made, as a
# user of that language would have typed them (a sample made in Dutch keeps its Dutch texts).
SAMPLE_TAGS = (N_("customer 2025"), N_("trade fair"), N_("newsletter"))
DEAL_TITLES = (
    N_("Maintenance contract"),
    N_("New website"),
    N_("Annual licence"),
    N_("Installation"),
    N_("Training"),
)
FOLLOW_UP_TEXTS = (
    N_("Call about the quote"),
    N_("Email the price quote"),
    N_("Check in after the demo"),
)


@dataclass(frozen=True)
class DemoSummary:
    contacts: int
    deals: int
    follow_ups: int


def _name(rng: random.Random, index: int) -> str:
    if index % 17 == 0:
        return OTHER_NAMES[(index // 17) % len(OTHER_NAMES)]
    if index % 4 == 0:
        return f"{rng.choice(ENGLISH_GIVEN)} {rng.choice(ENGLISH_FAMILY)}"
    return f"{rng.choice(DUTCH_GIVEN)} {rng.choice(DUTCH_FAMILY)}"


def _email(name: str, company: str, index: int) -> str:
    local = "".join(
        ch for ch in name.lower().replace(" ", ".") if ch.isascii() and (ch.isalnum() or ch == ".")
    )
    domain = "example.com" if not company else "example.org"
    return f"{local or 'contact'}{index}@{domain}"


def fill_demo(*, clock: Clock | None = None, count: int = 240, seed: int = 7) -> DemoSummary:
    """Add `count` demo contacts in every stage with their history; returns what was made.

    All of it is one transaction: an interrupted demo leaves nothing behind. The contacts
    belong to one sample batch, so `remove_sample_data()` takes them out whole and sample
    data is never silently mixed into real data."""
    with write_transaction():
        before = m.Contact.select(pw.fn.MAX(m.Contact.id)).scalar() or 0
        batch = m.ImportBatch.create(
            file_name=SAMPLE_FILE_NAME, file_format=SAMPLE_FORMAT, contacts_created=0
        )
        summary = _fill(clock, count, seed)
        m.Contact.update(import_batch=batch).where(m.Contact.id > before).execute()
        batch.contacts_created = summary.contacts
        batch.save()
    refresh_statistics()
    return summary


def has_sample_data() -> bool:
    """Whether sample contacts are in the database (a batch not yet removed)."""
    return sample_batches().exists()


def sample_batches() -> pw.ModelSelect:
    """The sample batches not yet removed."""
    return m.ImportBatch.select().where(
        (m.ImportBatch.file_format == SAMPLE_FORMAT) & m.ImportBatch.undone_at.is_null()
    )


def remove_sample_data(*, clock: Clock | None = None) -> Changes:
    """Delete every sample contact with all it holds (deals, notes…), in one transaction.

    Unlike undoing an import, contacts edited since go too: they were sample data. (The
    window keeps what it deleted, for Undo: `services.sample_removal`.)"""
    from desktop_crm.services.sample_removal import take_out_sample_data

    return take_out_sample_data(clock=clock).changes


def _fill(clock: Clock | None, count: int, seed: int) -> DemoSummary:
    real = clock or SystemClock()
    now = real.now()
    rng = random.Random(seed)
    tz = now.tzinfo
    stages = (
        [Stage.LEAD] * 9
        + [Stage.PROSPECT] * 6
        + [Stage.CUSTOMER] * 5
        + [Stage.REPEAT_BUYER] * 2
        + [Stage.NOT_NOW] * 2
        + [Stage.DISQUALIFIED]
    )
    made_deals = made_follow_ups = 0
    criteria = [c.id for c in qualification.active_criteria()]
    sales_stages = deals.pipeline_stages(deals.pipelines()[0][0])  # add_deal's default pipeline
    for i in range(count):
        created = now - timedelta(days=rng.randint(5, 360), hours=rng.randint(0, 8))
        at = FixedClock(created)
        name = _name(rng, i)
        company = rng.choice(COMPANIES)
        birthday = None
        if i % 40 < 3:  # a few birthdays in the coming week, for the Today view
            day = (now + timedelta(days=i % 7)).date()
            birthday = Birthday(day.month, day.day, None if i % 2 else 1970 + i % 30)
        elif rng.random() < 0.5:
            birthday = Birthday(
                rng.randint(1, 12),
                rng.randint(1, 28),
                rng.choice([None, 1965 + rng.randint(0, 35)]),
            )
        phone = f"06-{rng.randint(12000000, 54999999)}" if rng.random() < 0.8 else ""
        contact = create_contact(
            ContactDraft(
                full_name=name,
                company=company,
                job_title=rng.choice(JOBS) if company else "",
                birthday=birthday,
                lead_source=rng.choice(SOURCES),
                emails=[
                    EmailEntry(
                        _email(name, company, i),
                        label=_("work") if company else _("home"),
                        is_primary=True,
                    )
                ],
                phones=[PhoneEntry(phone, label=_("mobile"), is_primary=True)] if phone else [],
                tags=[_(t) for t in SAMPLE_TAGS if rng.random() < 0.2],
            ),
            clock=at,
        )
        target = stages[i % len(stages)]
        step = created
        if target != Stage.LEAD and target != Stage.DISQUALIFIED:
            step += timedelta(days=rng.randint(1, 20))
            for cid in criteria:
                qualification.answer_criterion(contact.id, cid, "met", clock=FixedClock(step))
        if target in (Stage.CUSTOMER, Stage.REPEAT_BUYER, Stage.NOT_NOW) or (
            target == Stage.PROSPECT and rng.random() < 0.6
        ):
            step += timedelta(days=rng.randint(3, 30))
            deal = deals.add_deal(
                contact.id,
                _(rng.choice(DEAL_TITLES)),
                rng.randint(5, 250) * 10_000,
                expected_close=(now + timedelta(days=rng.randint(-20, 150))).date(),
                clock=FixedClock(min(step, now)),
            )
            made_deals += 1
            if target == Stage.PROSPECT and rng.random() < 0.5:
                later = sales_stages[rng.randint(1, 3)]
                deals.move_deal(deal.id, later.id, clock=FixedClock(min(step, now)))
        if target in (Stage.CUSTOMER, Stage.REPEAT_BUYER, Stage.NOT_NOW):
            step = min(step + timedelta(days=rng.randint(1, 20)), now - timedelta(days=1))
            outcome = "no" if target == Stage.NOT_NOW else "yes"
            conversations.log_conversation(
                contact.id,
                "presentation",
                _(rng.choice(TALKS)),
                outcome=outcome,
                clock=FixedClock(step),
            )
        if target == Stage.REPEAT_BUYER:
            step = min(step + timedelta(days=rng.randint(20, 60)), now - timedelta(hours=2))
            deal = deals.add_deal(
                contact.id,
                _(rng.choice(DEAL_TITLES)),
                rng.randint(5, 100) * 10_000,
                clock=FixedClock(step),
            )
            won = [s for s in sales_stages if s.kind == "won"][0]
            deals.move_deal(
                deal.id, won.id, reason="Tevreden over de eerste levering", clock=FixedClock(step)
            )
            made_deals += 1
        if target == Stage.DISQUALIFIED:
            qualification.disqualify_contact(
                contact.id, "Geen budget dit jaar", clock=FixedClock(created + timedelta(days=2))
            )
        age_days = max(1, (now - created).days)
        for _talk in range(rng.randint(0, 3)):
            when = created + timedelta(days=rng.randint(0, age_days - 1), hours=rng.randint(1, 8))
            when = min(when, now - timedelta(hours=1))
            conversations.log_conversation(
                contact.id,
                rng.choice(["call", "meeting", "email", "note"]),
                _(rng.choice(TALKS)),
                clock=FixedClock(when),
            )
        if rng.random() < 0.15:
            questions.raise_question(
                contact.id, _(rng.choice(QUESTIONS)), clock=FixedClock(min(step, now))
            )
        if target in (Stage.PROSPECT, Stage.CUSTOMER, Stage.LEAD) and i % 5 == 0:
            # A spread of follow-ups: a few overdue, a few today, the rest in the coming weeks.
            offset = (i // 5) % 10 - 3
            due = local_moment(now.date() + timedelta(days=offset), time(9 + i % 8, 0), tz)
            _follow_up(
                contact.id,
                due,
                _(rng.choice(FOLLOW_UP_TEXTS)),
                created,
            )
            made_follow_ups += 1
        if i % 3 == 0 and age_days > 10:
            # Follow-ups done in the past, some on time and some late, for the insights.
            due = created + timedelta(days=rng.randint(2, age_days - 2))
            done = due + timedelta(hours=rng.choice((-20, -2, 3, 30, 80)))
            _follow_up(contact.id, due, _("Call back"), created, done_at=min(done, now))
            made_follow_ups += 1
    return DemoSummary(count, made_deals, made_follow_ups)


def _follow_up(
    contact_id: int, due: datetime, text: str, created: datetime, done_at: datetime | None = None
) -> None:
    m.FollowUp.create(
        contact=contact_id,
        due_at=to_storage(due),
        text=text,
        created_at=to_storage(created),
        done_at=to_storage(done_at) if done_at else None,
    )
