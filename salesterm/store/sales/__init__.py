"""The selling side: deals on the pipeline and its board, pitch scripts, feedback notes, sales targets."""
