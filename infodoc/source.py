"""Published questions-réponses as a "related content" source (« Sur les mêmes thèmes et territoires »)."""
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from ressources.listing import filtered_list_url
from ressources.related import RelatedItem, RelatedSource, filter_by_vocabulary

from .models import QuestionReponse, QuestionsReponsesPage


def _page():
    return QuestionsReponsesPage.objects.live().first()


def find_questions(theme_ids, territory_ids, limit, exclude):
    page = _page()
    if page is None:
        return [], 0
    questions = filter_by_vocabulary(QuestionReponse.objects.filter(live=True), theme_ids, territory_ids)
    if isinstance(exclude, QuestionReponse):
        questions = questions.exclude(pk=exclude.pk)
    items = [
        # The listing searched on the entry's title always shows it, whatever the pagination.
        RelatedItem(title=item.titre, url=f"{page.url}?{urlencode({'q': item.titre})}#q{item.pk}", date=item.date,
                    kind=str(_("Question-answer")))
        for item in questions.order_by("-date", "-pk").only("pk", "titre", "date")[:limit]
    ]
    return items, questions.count()


def questions_url(theme_ids, territory_ids):
    return filtered_list_url(_page(), theme_ids, territory_ids)


QUESTIONS = RelatedSource(key="questions_reponses", label=_("Questions-answers"), find=find_questions, order=95,
                          see_all=questions_url)
