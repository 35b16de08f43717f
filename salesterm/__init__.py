"""salesterm: a keyboard-driven terminal workstation for field sales reps and their managers."""

__version__ = "0.1.0"
