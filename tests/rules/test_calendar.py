"""Date arithmetic of deadlines: calendar months and working days."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tbmnet.rules.deadlines import add_months, add_working_days


def test_a_month_after_the_31st_is_the_last_day_of_the_next_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)


def test_three_working_days_after_a_friday_is_the_wednesday():
    assert add_working_days(date(2026, 11, 20), 3) == date(2026, 11, 25)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
       st.integers(min_value=0, max_value=40))
def test_working_days_land_on_a_weekday_and_never_before_the_calendar_count(day, days):
    later = add_working_days(day, days)
    assert later >= day + timedelta(days=days)
    assert days == 0 or later.weekday() < 5


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
       st.integers(min_value=0, max_value=36))
def test_adding_months_moves_the_month_and_never_overshoots_it(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day


def test_a_states_public_holidays_are_not_working_days():
    # Chinese New Year, 17 and 18 February 2026, are public holidays in Malaysia
    assert add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 18)
    assert add_working_days(date(2026, 2, 13), 3, country="MY") == date(2026, 2, 20)


def test_a_states_own_weekend_is_used():
    # Saudi Arabia's weekend is Friday and Saturday: one working day after a Thursday is Sunday
    assert add_working_days(date(2026, 11, 19), 1, country="SA") == date(2026, 11, 22)


def test_a_country_without_a_calendar_counts_monday_to_friday():
    assert add_working_days(date(2026, 11, 20), 3, country="XX") == date(2026, 11, 25)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
       st.integers(min_value=0, max_value=40),
       st.sampled_from(["MY", "JP", "NL", "CI", "FJ", "GB"]))
def test_holidays_only_ever_move_a_deadline_later(day, days, country):
    assert add_working_days(day, days, country=country) >= add_working_days(day, days)
