from zhifa.disclosure.models.credit import CreditExportBatch, CreditExportRecord, CreditRepair
from zhifa.disclosure.models.portal import RandomCheckItem
from zhifa.disclosure.models.publication import ImmutableRecord, Publication, PublicationEvent

__all__ = [
    "CreditExportBatch",
    "CreditExportRecord",
    "CreditRepair",
    "ImmutableRecord",
    "Publication",
    "PublicationEvent",
    "RandomCheckItem",
]
