"""What the units' answers mean: the statuses the forms allow, how the draft counts them, and the
written variants `collect` accepts for a status."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.collect import NOT_DONE, STARTED, STATUSES, ActionUpdate, Answer, canonical_status


def test_the_form_statuses_split_into_started_and_not_done():
    assert STARTED == {"réalisée", "entamée"}
    assert NOT_DONE == {"reportée", "suspendue", "annulée", "non amorcée"}
    assert set(STATUSES) == STARTED | NOT_DONE and not STARTED & NOT_DONE


@pytest.mark.parametrize("statuses, agreed, disagreement", [
    (["réalisée"], "réalisée", False),
    (["entamée", "entamée"], "entamée", False),
    (["non amorcée", "réalisée"], None, True),
    ([None, "reportée"], "reportée", False),
    ([None], None, False),
])
def test_units_that_agree_give_one_status(statuses, agreed, disagreement):
    update = ActionUpdate("2.1", [Answer("2.1", unit=f"U{n}", status=s) for n, s in enumerate(statuses)])
    assert (update.status, update.disagreement) == (agreed, disagreement)


def test_statuses_are_listed_in_the_forms_order_with_their_units():
    update = ActionUpdate("2.1", [Answer("2.1", unit="DVC", status="entamée"), Answer("2.1", unit="DEV", status="réalisée"),
                                  Answer("2.1", unit="DGCH", status="entamée")])
    assert update.statuses == {"réalisée": ["DEV"], "entamée": ["DGCH", "DVC"]}


def _started_count(statuses):
    """How many actions the bilan draft's SOMMAIRE counts as started or done."""
    from pipeline.collect import Updates
    from pipeline.drafts import FrontMatter, annual_bilan
    from pipeline.ledger import LedgerEntry, PlannedAction
    from pipeline.names import resolver_for

    resolver = resolver_for()
    actions = [PlannedAction(LedgerEntry(key=f"2.{n}", axis=2, number=str(n), title=f"Action {n}"), "test")
               for n in range(1, len(statuses) + 1)]
    updates = Updates(answers=[Answer(f"2.{n}", unit="DVC", status=s) for n, s in enumerate(statuses, start=1)])
    draft = annual_bilan(actions, resolver.registry, "2021", updates, resolver.resolve, FrontMatter())
    return int(draft.context["summary"][1]["started"])


@pytest.mark.parametrize("status", STATUSES)
def test_only_done_and_started_count_as_started_in_the_summary(status):
    assert _started_count([status]) == (1 if status in STARTED else 0)


def test_summary_counts_each_started_action_once():
    assert _started_count(["réalisée", "non amorcée", "entamée", "annulée", "reportée"]) == 2


def _accentless(text):
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@settings(max_examples=100, deadline=None)
@given(status=st.sampled_from(STATUSES), spelling=st.sampled_from([str.upper, str.title, _accentless, lambda t: t + "s",
                                                                    lambda t: _accentless(t).upper()]))
def test_a_status_written_another_way_is_still_that_status(status, spelling):
    """Case, accents and a plural do not matter, in a form and in a hand-made updates file."""
    assert canonical_status(spelling(status)) == status


@pytest.mark.parametrize("written", ["terminée", "en cours", "fait", "non"])
def test_a_word_outside_the_list_matches_no_status(written):
    assert canonical_status(written) is None
