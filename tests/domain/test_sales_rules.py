"""The sales-process rules: qualification, presentation outcomes, repeat buyers."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from desktop_crm.domain.outcomes import Outcome, add_months, apply_outcome, stage_after_won_sale
from desktop_crm.domain.qualification import Answer, move_after_answers
from desktop_crm.domain.stages import Cause, Stage, parse_stage

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_last_met_criterion_promotes_lead_to_prospect():
    move = move_after_answers(Stage.LEAD, [1, 2, 3], {1: Answer.MET, 2: Answer.MET, 3: Answer.MET})
    assert move is not None and move.to_stage == Stage.PROSPECT and move.cause == Cause.QUALIFIED


def test_an_unknown_or_unmet_criterion_keeps_the_lead():
    assert move_after_answers(Stage.LEAD, [1, 2, 3], {1: Answer.MET, 2: Answer.MET}) is None
    answers = {1: Answer.MET, 2: Answer.NOT_MET, 3: Answer.MET}
    assert move_after_answers(Stage.LEAD, [1, 2, 3], answers) is None


def test_only_leads_are_promoted():
    met = {1: Answer.MET}
    assert move_after_answers(Stage.CUSTOMER, [1], met) is None
    assert move_after_answers(Stage.DISQUALIFIED, [1], met) is None


def test_no_criteria_means_no_automatic_promotion():
    assert move_after_answers(Stage.LEAD, [], {}) is None


def test_yes_makes_a_customer_and_wins_the_deal():
    effect = apply_outcome(Stage.PROSPECT, Outcome.YES, NOW)
    assert effect.new_stage == Stage.CUSTOMER and effect.win_open_deal
    assert effect.cause == Cause.PRESENTATION_YES


def test_yes_from_a_customer_makes_a_repeat_buyer():
    assert apply_outcome(Stage.CUSTOMER, Outcome.YES, NOW).new_stage == Stage.REPEAT_BUYER


def test_not_ready_keeps_the_prospect_with_a_follow_up_in_two_weeks():
    effect = apply_outcome(Stage.PROSPECT, Outcome.NOT_READY, NOW)
    assert effect.new_stage is None
    assert effect.follow_up_at == datetime(2026, 3, 24, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_not_ready_takes_the_date_the_user_chose():
    chosen = datetime(2026, 4, 1, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert (
        apply_outcome(Stage.PROSPECT, Outcome.NOT_READY, NOW, follow_up_at=chosen).follow_up_at
        == chosen
    )


def test_no_but_staying_on_the_list_is_not_now_for_six_months():
    effect = apply_outcome(Stage.PROSPECT, Outcome.NO, NOW)
    assert effect.new_stage == Stage.NOT_NOW and effect.recontact_on == date(2026, 9, 10)


def test_no_and_off_the_list_is_disqualified():
    effect = apply_outcome(Stage.PROSPECT, Outcome.NO, NOW, stays_on_list=False)
    assert effect.new_stage == Stage.DISQUALIFIED and effect.recontact_on is None


def test_six_months_after_the_end_of_august_is_the_end_of_february():
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_second_won_sale_makes_a_repeat_buyer():
    assert stage_after_won_sale(Stage.PROSPECT, 0) == Stage.CUSTOMER
    assert stage_after_won_sale(Stage.CUSTOMER, 0) is None
    assert stage_after_won_sale(Stage.CUSTOMER, 1) == Stage.REPEAT_BUYER
    assert stage_after_won_sale(Stage.REPEAT_BUYER, 3) is None


def test_stages_parse_from_codes_and_labels():
    assert parse_stage("repeat_buyer") == Stage.REPEAT_BUYER
    assert parse_stage("Repeat buyer") == Stage.REPEAT_BUYER
    assert parse_stage("NOT-NOW") == Stage.NOT_NOW
