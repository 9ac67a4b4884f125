"""Chiffres clés: tables of typed rows (indicator, value, note) with a caption, a source and a year,
rendered as an accessible table (caption, header cells with their scope)."""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ChiffreBlock(blocks.StructBlock):
    indicateur = blocks.CharBlock(label=_("Indicator"), max_length=255)
    valeur = blocks.CharBlock(label=_("Value"), max_length=100, help_text=_("For example 4 693, 46 % or 8,1 %."))
    precision = blocks.CharBlock(label=_("Note"), max_length=255, required=False)

    class Meta:
        icon = "list-ul"
        label = _("Figure")


class ChiffresClesValue(blocks.StructValue):
    def has_notes(self):
        return any(chiffre["precision"] for chiffre in self["chiffres"])


class ChiffresClesBlock(blocks.StructBlock):
    legende = blocks.CharBlock(label=_("Caption"), max_length=255,
                               help_text=_("What the table shows; read first by screen readers."))
    chiffres = blocks.ListBlock(ChiffreBlock(), min_num=1, label=_("Figures"))
    source = blocks.CharBlock(label=_("Source"), max_length=500, required=False)
    annee = blocks.IntegerBlock(label=_("Year"), required=False, min_value=1900, max_value=2100)

    class Meta:
        icon = "table"
        label = _("Key figures table")
        template = "territoires/blocks/chiffres_cles.html"
        value_class = ChiffresClesValue


class ChiffresClesStreamBlock(blocks.StreamBlock):
    tableau = ChiffresClesBlock()
