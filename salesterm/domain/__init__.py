"""Pure domain rules: money, dates, grading, M-A-N, stages, aging and search keys."""
