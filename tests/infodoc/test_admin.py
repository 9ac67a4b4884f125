"""The team's admin: who sees the requests, the list and its filters, history, the dashboard."""
import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from base_documentaire.models import Theme
from infodoc import seed_figures
from infodoc.models import DemandeInfoDoc, NoteInterne, Statut

from .conftest import make_demande

LIST = "wagtailsnippets_infodoc_demandeinfodoc:list"
EDIT = "wagtailsnippets_infodoc_demandeinfodoc:edit"
HISTORY = "wagtailsnippets_infodoc_demandeinfodoc:history"


def admin_urls(demande):
    return [reverse(LIST), reverse(EDIT, args=[demande.pk]), reverse("infodoc_dashboard"),
            reverse("infodoc_dashboard_csv"),
            reverse("wagtailsnippets_infodoc_demandeinfodoc:repondre", args=[demande.pk]),
            reverse("wagtailsnippets_infodoc_demandeinfodoc:exporter", args=[demande.pk]),
            reverse("wagtailsnippets_infodoc_questionreponse:list")]


def test_editor_outside_the_team_sees_neither_menu_nor_requests(client, editor, demande):
    client.force_login(editor)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "service-info-doc" not in home
    for url in admin_urls(demande):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert demande.nom.encode() not in response.content


def test_team_member_sees_the_menu_and_every_view(client, team_member, demande):
    client.force_login(team_member)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "service-info-doc" in home and reverse("infodoc_dashboard") in home
    for url in admin_urls(demande):
        assert client.get(url).status_code == 200, url


def test_list_filters_and_search(client, team_member, territories, django_assert_max_num_queries):
    make_demande(territories["Sarcelles (95)"], organisation="Ville de Sarcelles")
    prefecture = make_demande(territories["Paris"], organisation="Préfecture de Paris", type_structure="institution",
                              statut=Statut.EN_COURS, assignee=team_member)
    tfpb = Theme.objects.get_or_create(nom="Abattement de TFPB")[0]
    prefecture.themes.set([tfpb])
    client.force_login(team_member)
    with django_assert_max_num_queries(40):
        response = client.get(reverse(LIST))
    assert "Ville de Sarcelles" in response.content.decode()
    for params in ({"statut": "en_cours"}, {"type_structure": "institution"}, {"assignee": team_member.pk},
                   {"territoire": territories["Paris"].pk}, {"themes": tfpb.pk}, {"q": "Préfecture"}):
        html = client.get(reverse(LIST), params).content.decode()
        assert "Préfecture de Paris" in html and "Ville de Sarcelles" not in html, params
    year = DemandeInfoDoc.objects.first().annee
    assert "Ville de Sarcelles" not in client.get(reverse(LIST), {"annee": year - 1}).content.decode()


def edit_data(demande, **changes):
    data = {"statut": demande.statut, "assignee": demande.assignee_id or "", "question": demande.question,
            "echeance_souhaitee": "", "nom": demande.nom, "organisation": demande.organisation,
            "type_structure": demande.type_structure, "email": demande.email, "telephone": "",
            "territoire": demande.territoire_id or "", "recue_le": demande.recue_le.strftime("%Y-%m-%d %H:%M"),
            "notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0", "notes-MIN_NUM_FORMS": "0",
            "notes-MAX_NUM_FORMS": "1000"}
    data.update(changes)
    return data


def test_status_assignment_and_notes_are_logged_in_the_history(client, team_member, demande):
    client.force_login(team_member)
    data = edit_data(demande, statut=Statut.EN_COURS, assignee=team_member.pk, **{
        "notes-TOTAL_FORMS": "1", "notes-0-texte": "Recherche dans la base, 3 notices repérées.",
        "notes-0-minutes": "45", "notes-0-date": "2026-03-02 10:00", "notes-0-id": "", "notes-0-ORDER": "1",
        "notes-0-DELETE": ""})
    response = client.post(reverse(EDIT, args=[demande.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    demande.refresh_from_db()
    assert (demande.statut, demande.assignee) == (Statut.EN_COURS, team_member)
    note = NoteInterne.objects.get()
    assert (note.auteur, note.minutes, demande.temps_passe) == (team_member, 45, 45)
    actions = list(ModelLogEntry.objects.filter(object_id=str(demande.pk)).values_list("action", flat=True))
    assert {"wagtail.edit", "infodoc.statut", "infodoc.attribution"} <= set(actions)
    history = client.get(reverse(HISTORY, args=[demande.pk])).content.decode()
    assert "Claire Doc" in history


def test_closing_stamps_the_date(client, team_member, demande):
    client.force_login(team_member)
    client.post(reverse(EDIT, args=[demande.pk]), edit_data(demande, statut=Statut.CLOSE))
    demande.refresh_from_db()
    assert demande.close_le is not None


def test_dashboard_shows_the_seed_figures_with_accessible_charts(client, team_member, infodoc_settings,
                                                                 django_assert_max_num_queries):
    seed_figures.build_year(2022)
    seed_figures.build_year(2023)
    client.force_login(team_member)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("infodoc_dashboard"), {"annee": 2023})
    html = response.content.decode()
    assert '<dd id="infodoc-total">112</dd>' in html
    assert "25,9 % (29)" in html  # French decimal comma
    assert html.count('role="img"') == 3 and html.count("<title id=") == 3
    assert "<td>50</td><td>44,6</td>" in html  # the chart's data as a table too
    csv = client.get(reverse("infodoc_dashboard_csv"), {"annee": 2023})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert ";2023;112;" in text and ";50;44,6" in text and ";29;25,9" in text


def test_dashboard_with_a_bad_year_shows_the_current_year(client, team_member):
    client.force_login(team_member)
    assert client.get(reverse("infodoc_dashboard"), {"annee": "abc"}).status_code == 200


def test_only_the_team_can_be_assigned(client, team_member, editor, demande):
    client.force_login(team_member)
    form = client.get(reverse(EDIT, args=[demande.pk])).context["form"]
    choices = list(form.fields["assignee"].queryset)
    assert team_member in choices and editor not in choices
    response = client.post(reverse(EDIT, args=[demande.pk]), edit_data(demande, assignee=editor.pk))
    assert response.status_code == 200 and "assignee" in response.context["form"].errors
