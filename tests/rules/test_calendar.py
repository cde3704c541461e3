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
