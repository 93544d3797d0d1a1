"""Counting votes: cumulative downward, more than half of the denominator, highest level wins."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kiemdiem.voting.tally import TallySettings, tally, tally_subject

DEFAULT = TallySettings()


@pytest.mark.parametrize(
    ("votes", "denominator", "expected"),
    [
        ({"HTXSNV": 6}, 10, "HTXSNV"),
        ({"HTXSNV": 5}, 10, None),  # exactly half is not more than half
        ({"HTXSNV": 5, "HTTNV": 1}, 10, "HTTNV"),  # cumulative: 6 support HTTNV or better
        ({"HTXSNV": 2, "HTTNV": 2, "HTNV": 2}, 10, "HTNV"),
        ({"HTXSNV": 1, "HTTNV": 1, "HTNV": 1, "KHTNV": 2}, 10, None),
        ({"KHTNV": 6}, 10, "KHTNV"),
    ],
)
def test_the_highest_level_with_more_than_half_cumulative_wins(votes, denominator, expected):
    assert tally_subject("DV-1", votes, denominator, DEFAULT).result == expected


def test_absent_members_count_in_the_denominator():
    # 6 present all vote HTTNV, but 13 were called: 6/13 is not more than half.
    assert tally_subject("DV-1", {"HTTNV": 6}, 13, DEFAULT).result is None


def test_two_thirds_for_excellent_is_an_option():
    settings = TallySettings(excellent_share=Fraction(2, 3))
    assert tally_subject("DV-1", {"HTXSNV": 6}, 9, settings).result == "HTXSNV"
    assert tally_subject("DV-1", {"HTXSNV": 5, "HTTNV": 1}, 9, settings).result == "HTTNV"


def test_percentages_are_of_the_denominator_and_cumulative():
    row = tally_subject("DV-1", {"HTXSNV": 1, "HTTNV": 3}, 8, DEFAULT)
    assert row.cumulative == {"HTXSNV": 1, "HTTNV": 4, "HTNV": 4, "KHTNV": 4}
    assert row.percent["HTTNV"] == 50


def test_small_group_is_warned_about():
    result = tally(denominator=4, per_subject_votes={}, subjects=["A"], ballots_valid=4, voters=4)
    assert [w.code for w in result.warnings] == ["small_group"]


def test_more_ballots_than_members_called_is_warned_about():
    result = tally(denominator=6, per_subject_votes={}, subjects=["A"], ballots_valid=7, voters=7)
    assert "too_many_ballots" in [w.code for w in result.warnings]
