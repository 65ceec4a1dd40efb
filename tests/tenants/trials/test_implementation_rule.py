"""An idea moves to implemented (a stage of kind "done") only with an evaluation recommending it.

``tenants.ideas.services.idea_move`` asks ``tenants.trials.selectors.idea_may_be_implemented``.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea
from tests.factories import stage
from tests.tenants.trials.make import evaluate, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_tenant_a")]


class TestMovingAnIdeaToImplemented:
    def test_is_refused_without_an_evaluation(self, idea, coach):
        plan(idea, coach)

        with pytest.raises(ValidationError):
            idea_services.idea_move(idea=idea, to_stage=stage("implemented"), by=coach)

        assert Idea.objects.get(pk=idea.pk).stage.key == "received"

    def test_is_refused_when_the_evaluation_recommends_adjusting(self, idea, coach):
        evaluate(plan(idea, coach), coach, recommendation="adjust")

        with pytest.raises(ValidationError):
            idea_services.idea_move(idea=idea, to_stage=stage("implemented"), by=coach)

    def test_succeeds_with_an_evaluation_that_recommends_implementing(self, idea, coach):
        evaluate(plan(idea, coach), coach, recommendation="implement")

        change = idea_services.idea_move(
            idea=idea, to_stage=stage("implemented"), by=coach, reason="Utvärderat."
        )

        assert change.to_stage.key == "implemented"
        assert Idea.objects.get(pk=idea.pk).stage.key == "implemented"
