"""One module per panel: each renders one kind of picture from the snapshot."""
