"""The bulletin de veille: a periodic page composed in the admin from the notices of its period.

blocks.py    a rubrique: its title, its saved search (words, thème, territoire, type), its chosen notices
feeds.py     the RSS feed of the archive (published bulletins)
proposal.py  « Proposer les notices de la période »: each rubrique's search, narrowed to the period
content.py   what a bulletin shows (page and e-mail): chosen live notices, permalinks, « repéré par »
views.py     the archive page (its routes are on BulletinIndexPage)
admin_views.py, hooks.py   the admin: the proposal's view and the button of the bulletin's header
"""
