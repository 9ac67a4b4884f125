"""E-mail alerts on any search of the documentary base.

searches.py     the saved search: canonical query string, grouping key, description in words
subscription.py subscribe (double opt-in), confirm, unsubscribe; confirmation mails, rate limits
digests.py      `send_alerts`: due alerts, one engine query per distinct search, the new notices
delivery.py     one digest mail (HTML + text, List-Unsubscribe headers) and its bookkeeping
views.py, forms.py, urls.py   the public pages (/veille/...)
"""
