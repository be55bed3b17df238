"""Signals the interviews app sends so upper layers (wecom: invitations, cards, reminders) react without
this app importing them (DESIGN §3). Receivers run inside the sender's transaction, so an outbox row they
write commits or rolls back with the business change.

- ``interview_scheduled(interview, by)``: a new interview was created by ``services.schedule_interview``.
- ``interview_status_changed(interview, previous, change)``: ``set_status()`` or ``reschedule()`` ran;
  ``change.kind`` tells which, ``change.source`` who (hr/candidate/interviewer/system).
- ``interviewers_changed(interview, added, removed)``: assignments were added or removed.
- ``survey_requested(invitation, link, reminder)``: a feedback survey is due for one person
  (``interviews.surveys``); wecom delivers ``link`` on the person's channel, not before ``invitation.send_at``.
"""

from django.dispatch import Signal

interview_scheduled = Signal()
interview_status_changed = Signal()
interviewers_changed = Signal()
survey_requested = Signal()
