from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.ideas import selectors, services
from tenants.ideas.models import Idea, Stage
from tenants.ideas.selectors import IdeaFilters
from tenants.needs.models import Need, NeedStatus
from tests.factories import make_call, make_contact, make_idea, stage

pytestmark = pytest.mark.django_db


def _titles(ideas) -> list[str]:  # type: ignore[no-untyped-def]
    return [idea.title for idea in ideas]


def _age(idea: Idea, **delta: float) -> None:
    """Make ``idea`` look as if it came in ``delta`` ago."""
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timedelta(**delta))


class TestIdeaList:
    def test_lists_newest_first_with_stage_call_and_counts(self, staff, coach):
        older = make_idea(submitted_by=staff, title="Äldre", call=make_call())
        newer = make_idea(submitted_by=staff, title="Nyare")
        _age(older, hours=2)
        services.support_add(idea=older, person=coach)
        services.follow_add(idea=older, person=coach)
        services.follow_add(idea=older, contact=make_contact())

        ideas = list(selectors.idea_list(filters=IdeaFilters()))

        assert ideas == [newer, older]
        assert (ideas[1].support_count, ideas[1].follower_count) == (1, 3)
        assert (ideas[0].support_count, ideas[0].follower_count) == (0, 1)

    def test_filters_by_stage_call_need_audience_and_unit(self, staff, coach):
        call = make_call()
        need = Need.objects.create(title="Behov", description="Beskrivning")
        in_call = make_idea(submitted_by=staff, call=call, unit="Skola")
        for_need = make_idea(submitted_by=staff, needs=[need], unit="skola")
        screened = make_idea(contact=make_contact(), audience="citizen")
        services.idea_move(idea=screened, to_stage=stage("screening"), by=coach)

        def listed(**filters):  # type: ignore[no-untyped-def]
            return set(selectors.idea_list(filters=IdeaFilters(**filters)))

        assert listed(stage="screening") == {screened}
        assert listed(call_id=call.pk) == {in_call}
        assert listed(need_id=need.pk) == {for_need}
        assert listed(audience="citizen") == {screened}
        assert listed(unit="SKOLA") == {in_call, for_need}
        assert listed(stage="received", unit="skola", call_id=call.pk) == {in_call}

    def test_filters_by_whole_days_in_swedish_time(self, staff):
        idea = make_idea(submitted_by=staff)
        # 23:30 on 1 March in Stockholm is 22:30 UTC the same day.
        Idea.objects.filter(pk=idea.pk).update(created_at="2026-03-01T22:30:00+00:00")
        march_1, march_2 = (
            timezone.datetime(2026, 3, 1).date(),
            timezone.datetime(2026, 3, 2).date(),
        )

        def listed(**filters):  # type: ignore[no-untyped-def]
            return list(selectors.idea_list(filters=IdeaFilters(**filters)))

        assert listed(submitted_from=march_1, submitted_to=march_1) == [idea]
        assert listed(submitted_from=march_2) == []
        assert listed(submitted_to=march_1 - timedelta(days=1)) == []

    def test_public_only_leaves_out_ideas_not_shown_in_the_portal(self, staff, coach):
        shown = make_idea(submitted_by=staff, is_public=True)
        make_idea(submitted_by=staff)

        assert list(selectors.idea_list(filters=IdeaFilters(public_only=True))) == [shown]

    def test_searches_the_swedish_full_text_of_the_description(self, staff):
        make_idea(submitted_by=staff, title="Matsvinn", description="Skolorna slänger för mycket.")
        make_idea(submitted_by=staff, title="Belysning", description="Mörkt i parken.")

        found = selectors.idea_list(filters=IdeaFilters(q="skolor"))

        assert _titles(found) == ["Matsvinn"]

    def test_finds_a_title_by_a_part_of_a_compound_or_a_typo(self, staff):
        make_idea(submitted_by=staff, title="Cykelparkering vid stationen", description="Tak.")
        make_idea(submitted_by=staff, title="Belysning i parken", description="Mörkt.")

        assert _titles(selectors.idea_list(filters=IdeaFilters(q="cykel"))) == [
            "Cykelparkering vid stationen"
        ]
        assert _titles(selectors.idea_list(filters=IdeaFilters(q="cykelparkring"))) == [
            "Cykelparkering vid stationen"
        ]

    def test_ranks_the_best_match_first(self, staff):
        make_idea(
            submitted_by=staff, title="Belysning", description="Lampor, även vid en cykelväg."
        )
        make_idea(submitted_by=staff, title="Cykelväg till skolan", description="En cykelväg.")

        found = list(selectors.idea_list(filters=IdeaFilters(q="cykelväg")))

        assert _titles(found) == ["Cykelväg till skolan", "Belysning"]
        assert found[0].search_rank > found[1].search_rank

    def test_takes_any_text_a_user_types(self, staff):
        make_idea(submitted_by=staff, title="Cykelväg", description="D")

        for q in ['"ofullständigt', "a & | ! (", "-", "or or", "  "]:
            list(selectors.idea_list(filters=IdeaFilters(q=q)))

    def test_needs_two_queries_however_many_ideas(
        self, staff, coach, django_assert_max_num_queries
    ):
        for n in range(20):
            idea = make_idea(submitted_by=staff, call=make_call(), title=f"Cykelidé {n}")
            services.support_add(idea=idea, person=coach)

        # One query, and the SET search_path django-tenants sends before it.
        with django_assert_max_num_queries(2):
            for idea in selectors.idea_list(filters=IdeaFilters(q="cykelidé")):
                assert (idea.stage.key, idea.call.title, idea.support_count) != (None, None, None)


class TestIdeaBoard:
    def test_gives_every_active_stage_in_order_with_its_newest_ideas_and_total(self, staff, coach):
        ideas = [make_idea(submitted_by=staff, title=f"Idé {n}") for n in range(3)]
        for n, idea in enumerate(ideas):
            _age(idea, hours=3 - n)
        services.idea_move(idea=ideas[0], to_stage=stage("test"), by=coach)

        board = selectors.idea_board(filters=IdeaFilters(), per_stage=1)

        assert [column[0] for column in board] == list(
            Stage.objects.filter(is_active=True).order_by("position")
        )
        columns = {s.key: (_titles(ideas_in), total) for s, ideas_in, total in board}
        assert columns["received"] == (["Idé 2"], 2)
        assert columns["test"] == (["Idé 0"], 1)
        assert columns["screening"] == ([], 0)

    def test_leaves_out_stages_no_longer_in_use(self, in_tenant_a):
        Stage.objects.filter(key="parked").update(is_active=False)

        board = selectors.idea_board(filters=IdeaFilters())

        assert "parked" not in [column[0].key for column in board]

    def test_applies_the_filters(self, staff):
        make_idea(submitted_by=staff, title="Cykelställ", is_public=True)
        make_idea(submitted_by=staff, title="Belysning")

        board = selectors.idea_board(filters=IdeaFilters(q="cykel"))

        assert [(s.key, _titles(i), n) for s, i, n in board if n] == [
            ("received", ["Cykelställ"], 1)
        ]

    def test_needs_the_same_few_queries_however_many_ideas(
        self, staff, coach, django_assert_max_num_queries
    ):
        for n in range(30):
            idea = make_idea(submitted_by=staff, call=make_call())
            if n % 3 == 0:
                services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)

        # Stages, totals, which ideas, those ideas; each after its SET search_path.
        with django_assert_max_num_queries(8):
            board = selectors.idea_board(filters=IdeaFilters(), per_stage=5)
            for _stage, ideas, _total in board:
                for idea in ideas:
                    assert idea.stage.key
                    assert idea.call.title
                    assert idea.follower_count >= 0

        assert {s.key: (len(i), n) for s, i, n in board if n} == {
            "received": (5, 20),
            "screening": (5, 10),
        }


class TestIdeaGet:
    def test_gets_the_idea_with_its_history_in_order_without_further_queries(
        self, staff, coach, django_assert_num_queries
    ):
        idea = make_idea(submitted_by=staff)
        services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)
        services.idea_move(idea=idea, to_stage=stage("parked"), by=coach, reason="Vänta.")

        got = selectors.idea_get(pk=idea.pk)
        with django_assert_num_queries(0):
            history = selectors.idea_history(idea=got)
            moves = [(c.from_stage and c.from_stage.key, c.to_stage.key) for c in history]
            assert got.stage.key == "parked"
            assert got.follower_count == 1

        assert moves == [(None, "received"), ("received", "screening"), ("screening", "parked")]
        assert history[-1].reason == "Vänta."

    def test_reads_the_history_of_an_idea_fetched_elsewhere(self, staff, coach):
        idea = make_idea(submitted_by=staff)
        services.idea_move(idea=idea, to_stage=stage("test"), by=coach)

        history = selectors.idea_history(idea=Idea.objects.get(pk=idea.pk))

        assert [c.to_stage.key for c in history] == ["received", "test"]

    def test_raises_does_not_exist_for_an_unknown_id(self, in_tenant_a):
        with pytest.raises(Idea.DoesNotExist):
            selectors.idea_get(pk=987654)


class TestIdeasSimilar:
    def test_finds_ideas_about_the_same_thing_best_first(self, staff):
        make_idea(submitted_by=staff, title="Belysning i parken", description="Mörkt på kvällen.")
        make_idea(submitted_by=staff, title="Matsvinn i skolan", description="Mat slängs.")
        make_idea(
            submitted_by=staff,
            title="Cykelparkering vid stationen",
            description="Fler cykelställ med tak vid stationen.",
        )

        similar = selectors.ideas_similar(text="Cykelparkering med tak vid resecentrum")

        assert _titles(similar)[0] == "Cykelparkering vid stationen"
        assert "Matsvinn i skolan" not in _titles(similar)
        assert hasattr(similar[0], "support_count")

    def test_leaves_out_merged_ideas_and_the_one_being_looked_at(self, staff, coach):
        looked_at = make_idea(submitted_by=staff, title="Cykelställ vid skolan", description="A")
        merged = make_idea(submitted_by=staff, title="Cykelställ vid skolorna", description="B")
        kept = make_idea(submitted_by=staff, title="Cykelställ vid simhallen", description="C")
        services.idea_merge(duplicate=merged, into=kept, by=coach)

        similar = selectors.ideas_similar(text=looked_at.title, exclude_id=looked_at.pk)

        assert similar == [kept]

    def test_public_only_and_limit(self, staff):
        for n in range(4):
            make_idea(submitted_by=staff, title=f"Cykelställ {n}", is_public=n % 2 == 0)

        assert len(selectors.ideas_similar(text="cykelställ", limit=3)) == 3
        public = selectors.ideas_similar(text="cykelställ", public_only=True)
        assert sorted(_titles(public)) == ["Cykelställ 0", "Cykelställ 2"]

    def test_returns_nothing_for_a_text_without_words(self, staff):
        make_idea(submitted_by=staff)

        assert selectors.ideas_similar(text=" - ! ") == []


class TestInbox:
    def test_holds_new_ideas_and_open_needs_newest_first(self, staff, coach):
        first, second = make_idea(submitted_by=staff), make_idea(submitted_by=staff)
        _age(first, hours=1)
        services.idea_move(idea=make_idea(submitted_by=staff), to_stage=stage("test"), by=coach)
        old_need = Need.objects.create(title="Gammalt", description="D")
        new_need = Need.objects.create(title="Nytt", description="D")
        Need.objects.filter(pk=old_need.pk).update(created_at=timezone.now() - timedelta(days=1))
        Need.objects.create(title="Hanteras", description="D", status=NeedStatus.BEING_ADDRESSED)

        inbox = selectors.inbox(limit=1)

        assert (inbox["ideas"], inbox["idea_count"]) == ([second], 2)
        assert (inbox["needs"], inbox["need_count"]) == ([new_need], 2)


class TestStagesAndCounts:
    def test_lists_the_stages_in_use_in_pipeline_order(self, in_tenant_a):
        Stage.objects.filter(key="test").update(is_active=False)

        keys = [s.key for s in selectors.stage_list()]

        assert keys[:5] == ["received", "screening", "refinement", "evaluation", "implemented"]
        assert "test" not in keys

    def test_counts_supporters_and_followers(self, staff, coach):
        idea = make_idea(submitted_by=staff)
        services.support_add(idea=idea, person=coach)

        assert selectors.support_count(idea=idea) == 1
        assert selectors.follower_count(idea=idea) == 1


CANARY_A = "KANARIE-ALFA-idé-3b7e"
CANARY_B = "KANARIE-BETA-idé-d05c"


@pytest.fixture
def canaries(tenant_a, tenant_b):
    """An idea in each organisation with the same id, each with its own canary text."""
    sequences = [f'"{o.schema_name}".ideas_idea_id_seq' for o in (tenant_a, tenant_b)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(COALESCE(pg_sequence_last_value(s::regclass), 0)) FROM unnest(%s) AS s",
            [sequences],
        )
        highest = cursor.fetchone()[0]
        for sequence in sequences:
            cursor.execute("SELECT setval(%s::regclass, %s)", [sequence, highest + 1])
    made = []
    for organization, canary in [(tenant_a, CANARY_A), (tenant_b, CANARY_B)]:
        with tenant_context(organization):
            made.append(
                make_idea(
                    title=f"Cykelställ {canary}",
                    description=f"Beskrivning {canary}",
                    is_public=True,
                )
            )
    assert made[0].pk == made[1].pk
    return made


class TestTenantIsolation:
    def test_the_selectors_of_a_never_show_bs_ideas(self, canaries, tenant_a):
        idea_a, idea_b = canaries

        with tenant_context(tenant_a):
            shown = [
                *selectors.idea_list(filters=IdeaFilters()),
                *selectors.idea_list(filters=IdeaFilters(q="cykelställ")),
                *selectors.idea_list(filters=IdeaFilters(q=CANARY_B)),
                *[
                    i
                    for _s, ideas, _n in selectors.idea_board(filters=IdeaFilters())
                    for i in ideas
                ],
                *selectors.ideas_similar(text=f"Cykelställ {CANARY_B}"),
                *selectors.inbox()["ideas"],
                selectors.idea_get(pk=idea_b.pk),
            ]
            # Asked with B's idea, A's schema can only answer with A's rows of that id.
            history_of = [change.idea.title for change in selectors.idea_history(idea=idea_b)]

        assert {idea.description for idea in shown} == {f"Beskrivning {CANARY_A}"}
        assert history_of == [idea_a.title]


class TestTenThousandIdeas:
    """The lists stay on their indexes when an organisation has 10,000 ideas."""

    @pytest.fixture
    def many_ideas(self, staff):  # type: ignore[no-untyped-def]
        with connection.cursor() as cursor:
            # Words made of hashes: each occurs in one idea, as rare words do.
            cursor.execute(
                """
                INSERT INTO ideas_idea (
                    registration_number, registration_year, registration_sequence, title,
                    description, expected_benefit, unit, tags, stage_id, audience,
                    submitted_by_id, submitter_gender, is_public, submission_fingerprint,
                    created_at, updated_at, stage_changed_at, municipality_code)
                SELECT 'M-' || g, 2020, g,
                    'Förslag ' || substr(md5(g::text), 1, 10)
                        || ' om ' || substr(md5('t' || g), 1, 8),
                    'Beskrivning ' || md5('d' || g) || ' ' || md5('e' || g),
                    '', '', '{}',
                    (SELECT id FROM ideas_stage WHERE is_active ORDER BY position
                     OFFSET g %% 6 LIMIT 1),
                    'staff', %s, '', g %% 2 = 0, md5('f' || g),
                    now() - g * interval '1 minute', now(), now(), ''
                FROM generate_series(1, 10000) AS g
                """,
                [staff.pk],
            )
            # Autovacuum merges the GIN indexes' pending entries in production.
            cursor.execute("SELECT gin_clean_pending_list('idea_search_gin')")
            cursor.execute("SELECT gin_clean_pending_list('idea_title_trgm')")
            cursor.execute("ANALYZE ideas_idea")
            cursor.execute("SELECT substr(md5('t' || 4321), 1, 8)")
            return cursor.fetchone()[0]

    def _plan(self, action) -> str:  # type: ignore[no-untyped-def]
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            action()
        plans = []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                # Counting every idea per stage reads every idea, necessarily.
                sql = query["sql"]
                if "ideas_idea" in sql and 'COUNT("ideas_idea"."id")' not in sql:
                    cursor.execute("EXPLAIN " + sql)
                    plans.extend(row[0] for row in cursor.fetchall())
        return "\n".join(plans)

    def test_search_uses_the_full_text_and_the_trigram_index(self, many_ideas):
        word = many_ideas

        plan = self._plan(lambda: list(selectors.idea_list(filters=IdeaFilters(q=word))[:25]))

        assert "idea_search_gin" in plan
        assert "idea_title_trgm" in plan
        assert "Seq Scan on ideas_idea" not in plan

    def test_the_newest_and_each_board_column_are_read_by_index(self, many_ideas):
        first_page = self._plan(lambda: list(selectors.idea_list(filters=IdeaFilters())[:25]))
        board = self._plan(lambda: selectors.idea_board(filters=IdeaFilters(), per_stage=50))

        assert "Seq Scan on ideas_idea" not in first_page
        assert "Seq Scan on ideas_idea" not in board

    def test_similar_ideas_come_from_the_indexes(self, many_ideas):
        text = f"Cykelställ, {many_ideas}"

        similar = []
        plan = self._plan(lambda: similar.extend(selectors.ideas_similar(text=text)))

        assert many_ideas in similar[0].title
        assert "idea_search_gin" in plan
        assert "idea_title_trgm" in plan


class TestIdeaListByCoach:
    def test_lists_only_the_ideas_the_person_coaches_now(self, tenant_a, member_of):
        from django_tenants.utils import tenant_context

        from tenants.coaching import services as coaching_services
        from tenants.ideas import selectors
        from tests.factories import make_idea

        admin, anna, bo = (member_of(tenant_a, role) for role in ("admin", "coach", "coach"))
        with tenant_context(tenant_a):
            annas, moved_on, nobodys = make_idea(), make_idea(), make_idea()
            coaching_services.coach_assign(idea=annas, coach=anna, by=admin)
            coaching_services.coach_assign(idea=moved_on, coach=anna, by=admin)
            coaching_services.coach_assign(idea=moved_on, coach=bo, by=admin)

            listed = set(selectors.idea_list(filters=selectors.IdeaFilters(coach_id=anna.pk)))

        assert listed == {annas}
        assert nobodys not in listed
