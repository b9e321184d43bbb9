"""Writers: `write(document, theme) -> bytes`, one per format, reading the same flow."""
