"""Copy the State Council schedules shipped in ``chinese-calendar`` into the holiday table."""

from __future__ import annotations

from typing import Any

SOURCE = "chinese-calendar {version} (国务院办公厅历年节假日安排通知)"


def schedule_rows() -> tuple[dict[int, str], list[tuple[Any, str, str]]]:
    """(years covered with their source, [(date, kind, name)]) from chinese-calendar."""
    import chinese_calendar
    from chinese_calendar import constants

    version = getattr(chinese_calendar, "__version__", "")
    rows: list[tuple[Any, str, str]] = []

    def chinese(name: object) -> str:
        try:
            return str(constants.Holiday(name).chinese)
        except ValueError:
            return str(name or "")

    for day, name in constants.holidays.items():
        rows.append((day, "holiday", chinese(name)))
    for day, name in constants.workdays.items():
        rows.append((day, "workday", f"{chinese(name)}调休上班".lstrip()))
    years = {d.year for d, _, _ in rows}
    source = SOURCE.format(version=version).replace("  ", " ")
    return {year: source for year in sorted(years)}, sorted(rows)


def load(calendar_year_model: Any, holiday_model: Any) -> int:
    """Insert what is missing (idempotent); returns the number of days added."""
    years, rows = schedule_rows()
    existing_years = set(calendar_year_model.objects.values_list("year", flat=True))
    calendar_year_model.objects.bulk_create(
        [calendar_year_model(year=y, source=s) for y, s in years.items() if y not in existing_years]
    )
    existing_days = set(holiday_model.objects.values_list("date", flat=True))
    new = [holiday_model(date=d, kind=k, name=n) for d, k, n in rows if d not in existing_days]
    holiday_model.objects.bulk_create(new, batch_size=500)
    return len(new)
