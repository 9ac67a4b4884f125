from wagtail import hooks

from veille.bulletins import hooks as bulletin_hooks

hooks.register("register_admin_urls", bulletin_hooks.admin_urls)
hooks.register("register_page_header_buttons", bulletin_hooks.header_buttons)


@hooks.register("register_admin_viewset")
def register_bulletin_subscribers():
    from veille.bulletins.subscribers_admin import subscriber_viewset

    return subscriber_viewset
