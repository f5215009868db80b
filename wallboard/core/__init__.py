"""Pure rules: NPS arithmetic, periods, themes, privacy. No I/O; imports nothing of ours."""
