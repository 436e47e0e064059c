"""The census checks in the words of the worker who puts them right, for a child's record.
The DfE's codes and wording stay on the returns page, for analysts; a rule without words here
shows the DfE's own."""

from __future__ import annotations

WORKER_WORDS = {
    "8610": "Record the child's primary need: the main reason they need a social work service",
    "8650": "Record the child's primary need again: the one recorded is not in the census list",
    "8866": "Record where the referral came from (its source)",
    "8670Q": "The assessment has been open more than 45 working days: complete it and have it "
    "authorised, or record why it is late",
    "8675Q": "The section 47 enquiry started more than 15 working days ago and no initial child "
    "protection conference is recorded: record the conference, or that none is needed",
    "8863Q": "Another assessment is still open: complete or end it before starting this one",
    "8897Q": "Record the factors identified at the assessment",
    "8867": "The episode is closed but its assessment is not completed",
    "8868": "The episode is closed but its section 47 enquiry has no outcome",
    "8805": "Record why the episode closed",
    "4012Q": "The child in need plan starts and ends on the same day: check its dates",
    "2991Q": "A section 47 enquiry is recorded without an assessment in the episode",
    "8842Q": "A child protection plan review has no date",
    "8905": "Record the initial category of abuse on the child protection plan",
    "8910": "Record the latest category of abuse on the child protection plan",
    "8945Q": "Use 18B or 18C for physical abuse rather than 18A",
    "8950Q": "Use 19B or 19C for sexual abuse rather than 19A",
}
