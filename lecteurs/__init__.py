"""Readers' accounts and their space ("Mon espace"): sign-up and login through django-allauth,
saved searches, the basket (kept across visits), saved baskets, info-doc requests, personal data."""
