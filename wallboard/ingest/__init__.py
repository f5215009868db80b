"""From the outside world to validated responses: the posting API and CSV import."""
