"""Case pages, split by stage: lists, new cases, the case page and its step pages."""
