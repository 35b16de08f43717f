"""Modal forms and prompts, on one base (forms/base.py); the section screens live in screens/."""
