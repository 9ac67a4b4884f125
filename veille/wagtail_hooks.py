from wagtail import hooks

from veille.bulletins import hooks as bulletin_hooks

hooks.register("register_admin_urls", bulletin_hooks.admin_urls)
hooks.register("register_page_header_buttons", bulletin_hooks.header_buttons)
