"""Relations (placeholder; filled below)."""
