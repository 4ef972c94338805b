"""Threat feeds: parsing formats, opening files or URLs, importing into the blocklist."""
