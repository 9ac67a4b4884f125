from django import template

from veille.models import Frequence

register = template.Library()


@register.simple_tag
def alert_frequencies():
    """[(value, label)] of the alerts' frequencies, for the subscription form wherever it is shown."""
    return Frequence.choices
