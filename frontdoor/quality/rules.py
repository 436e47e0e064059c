"""Who may do what in the quality loop."""
