"""One module a panel: each turns the Snapshot into full-screen sections, never queries."""
