"""Test data: the real notices for 2024–2026 (public: 著作权法 Art 5) and a fictional 2027 one."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"


def notice_text(year: int) -> str:
    name = "notice_2027_fictional.txt" if year == 2027 else f"notice_{year}.txt"
    return (DATA / name).read_text(encoding="utf-8")


def forget_year(year: int) -> None:
    """Pretend ``year``'s schedule was never published (its rows and its CalendarYear)."""
    from zhifa.calendar import periods
    from zhifa.calendar.models import CalendarYear, Holiday

    CalendarYear.objects.filter(year=year).delete()
    Holiday.objects.filter(date__year=year).delete()
    periods.invalidate()
