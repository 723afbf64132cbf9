"""The kiosk's secrets: the document signing key (kept out of the database, never printed or logged)."""
