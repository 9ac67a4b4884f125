"""A short PDF for the demo's « Rapport d'activité 2023 » notice, so that `run.sh` shows what a file brings: its
cover, its text found in the search, hits by page (« Cosoter » is on page 4 only). The wording is the demo's own,
from a few facts of the seed report (not its text). Written with fpdf2 (LGPL-3.0, installed with OCRmyPDF)."""
from django.core.files.base import ContentFile
from fpdf import FPDF

from .models import Fichier, Notice, NoticeFichier

TITLE = "Rapport d'activité 2023 : synthèse (démonstration)"
FILE_NAME = "synthese-rapport-activite-2023.pdf"
NOTICE_ID = "demo-8"
PAGES = [
    ("Rapport d'activité 2023",
     "Synthèse de démonstration\n\nPôle ressources ville et développement social\nVal-d'Oise, Yvelines, "
     "Hauts-de-Seine\n\nCe document de quelques pages accompagne la notice de démonstration : sa première page "
     "sert de couverture, son texte est cherché page par page."),
    ("Une année record",
     "56 démarches engagées, 192 demi-journées ou soirées avec les acteurs du territoire et 4 693 présences "
     "recensées. Onze publications : dossiers, études, podcasts et replays, en plus de la lettre Résonances."),
    ("Le service info-doc",
     "Le service info-doc a répondu à 112 demandes de professionnels : recherches documentaires, "
     "bibliographies, orientation vers les bons interlocuteurs. Les demandes portent surtout sur le "
     "développement social, l'éducation et le renouvellement urbain."),
    ("La base partagée du réseau",
     "Les notices du centre alimentent Cosoter, la base documentaire partagée des centres de ressources "
     "politique de la ville. Le club de veille signale chaque mois les documents repérés par ses membres."),
]


def pdf_bytes():
    document = FPDF(format="A4")
    document.set_margins(20, 20, 20)
    for heading, text in PAGES:
        document.add_page()
        document.set_font("Helvetica", "B", 20)
        document.multi_cell(0, 10, heading)
        document.ln(6)
        document.set_font("Helvetica", size=12)
        document.multi_cell(0, 7, text)
    return bytes(document.output())


def attach():
    """Give the demo notice its PDF once (also on a database loaded before the demo had one)."""
    notice = Notice.objects.filter(external_id=NOTICE_ID).first()
    if notice is None or notice.fichiers.exists():
        return
    fichier = Fichier(title=TITLE)
    fichier.file.save(FILE_NAME, ContentFile(pdf_bytes()), save=False)
    fichier.save()
    NoticeFichier.objects.create(notice=notice, fichier=fichier)
    notice.save_revision().publish()
