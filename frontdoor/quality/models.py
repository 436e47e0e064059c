"""The quality loop's records. Each aggregate keeps its models in its own package; Django
finds an app's models here."""

from frontdoor.quality.survey.models import (
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)

__all__: list[str] = []
__all__ += ["SurveyAnswer", "SurveyInvitation", "SurveyQuestion", "SurveyResponse"]
