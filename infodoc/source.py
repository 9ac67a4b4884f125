"""Published questions-réponses as a "related content" source (« Sur les mêmes thèmes et territoires »)."""
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from ressources.listing import filtered_list_url
from ressources.pages import first_live
from ressources.related import RelatedItem, RelatedSource
from ressources.related_query import first_of_each

from .models import QuestionReponse, QuestionsReponsesPage

NEWEST_FIRST = ["-date", "-pk"]


def _page():
    return first_live(QuestionsReponsesPage)


def find_questions(theme_ids, territory_ids, limit, exclude):
    return find_each_questions([(theme_ids, territory_ids)], limit, exclude)[0]


def find_each_questions(selections, limit, exclude):
    page = _page()
    if page is None:
        return [([], 0) for _selection in selections]
    questions = QuestionReponse.objects.filter(live=True).only("pk", "titre", "date")
    if isinstance(exclude, QuestionReponse):
        questions = questions.exclude(pk=exclude.pk)
    return [([_item(item, page) for item in chosen], total)
            for chosen, total in first_of_each(questions, selections, NEWEST_FIRST, limit)]


def _item(item, page):
    # The listing searched on the entry's title always shows it, whatever the pagination.
    return RelatedItem(title=item.titre, url=f"{page.url}?{urlencode({'q': item.titre})}#q{item.pk}",
                       date=item.date, kind=str(_("Question-answer")))


def questions_url(theme_ids, territory_ids):
    return filtered_list_url(_page(), theme_ids, territory_ids)


QUESTIONS = RelatedSource(key="questions_reponses", label=_("Questions-answers"), find=find_questions, order=95,
                          see_all=questions_url, find_each=find_each_questions)
