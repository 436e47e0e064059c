"""The quality loop's lists that a system administrator edits (audited): the case review's
themes and the partner survey's questions. Django's admin finds this module."""

from .case_review import admin as case_review_admin  # noqa: F401
from .survey import admin as survey_admin  # noqa: F401
