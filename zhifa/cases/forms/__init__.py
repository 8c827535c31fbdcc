"""Forms of the case pages (parsing only: the rules are the actions')."""

from zhifa.cases.forms.base import CaseForm, StepForm
from zhifa.cases.forms.intake import CaseFilterForm, ClueForm, OnTheSpotForm

__all__ = ["CaseFilterForm", "CaseForm", "ClueForm", "OnTheSpotForm", "StepForm"]
