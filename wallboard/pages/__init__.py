"""Pages are layout only: which panels a screen shows and how they rotate."""
