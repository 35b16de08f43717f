"""The six top-level sections: mode name -> (screen module, screen class, title), in key order 1-6."""
from __future__ import annotations

SECTIONS = {
    "today": ("today", "TodayScreen", "Today"),
    "customers": ("customers", "CustomersScreen", "Customers"),
    "pipeline": ("pipeline", "PipelineScreen", "Pipeline"),
    "collections": ("collections", "CollectionsScreen", "Collections"),
    "notes": ("notes", "NotesScreen", "Notes"),
    "reports": ("reports", "ReportsScreen", "Reports"),
}
