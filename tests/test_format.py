"""Dates and counts as an Indonesian reader expects them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from web.format import format_count, format_period, format_period_short, format_published


def zone(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2020-10-12T18:10:00+07:00", "Senin, 12 Oktober 2020, 18.10 WIB"),
        ("2017-07-10T14:09:00+07:00", "Senin, 10 Juli 2017, 14.09 WIB"),
        ("2020-09-26T08:13:00+07:00", "Sabtu, 26 September 2020, 08.13 WIB"),
        ("2016-12-15T00:00:00+07:00", "Kamis, 15 Desember 2016"),
        ("2016-12-15T00:01:00+07:00", "Kamis, 15 Desember 2016, 00.01 WIB"),
        ("2021-01-03T09:05:00+08:00", "Minggu, 3 Januari 2021, 09.05 WITA"),
        ("2019-05-31T23:59:00+09:00", "Jumat, 31 Mei 2019, 23.59 WIT"),
    ],
)
def test_iso_dates_read_in_indonesian(published: str, expected: str) -> None:
    assert format_published(published) == expected


def test_datetime_objects_are_accepted() -> None:
    moment = datetime(2018, 2, 6, 7, 30, tzinfo=zone(7))
    assert format_published(moment) == "Selasa, 6 Februari 2018, 07.30 WIB"


def test_an_offset_outside_indonesia_is_shown_in_wib() -> None:
    # 23.30 UTC on Monday is 06.30 WIB on Tuesday.
    assert format_published("2020-10-12T23:30:00+00:00") == "Selasa, 13 Oktober 2020, 06.30 WIB"
    assert format_published("2020-10-12T12:00:00+05:30") == "Senin, 12 Oktober 2020, 13.30 WIB"


def test_a_naive_time_is_read_as_wib() -> None:
    assert format_published("2020-03-04T10:00:00") == "Rabu, 4 Maret 2020, 10.00 WIB"


@pytest.mark.parametrize("missing", [None, ""])
def test_no_date(missing: str | None) -> None:
    assert format_published(missing) == "Tanpa tanggal"


def test_a_malformed_date_is_an_error_not_a_silent_blank() -> None:
    with pytest.raises(ValueError):
        format_published("12/10/2020")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("2020", "2020"),
        ("2020-04", "April 2020"),
        ("2020-08-17", "17 Agustus 2020"),
        ("2020-13", "2020-13"),
        ("abc", "abc"),
    ],
)
def test_periods_in_words(key: str, expected: str) -> None:
    assert format_period(key) == expected


@pytest.mark.parametrize(
    ("key", "expected"), [("2020", "2020"), ("2020-09", "Sep 2020"), ("2021-05", "Mei 2021")]
)
def test_short_chart_labels(key: str, expected: str) -> None:
    assert format_period_short(key) == expected


def test_counts_use_dots_for_thousands() -> None:
    assert format_count(7) == "7"
    assert format_count(12345) == "12.345"
    assert format_count(1234567) == "1.234.567"
