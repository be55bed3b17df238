"""The interview room and scorecards (issue 4, items 4–6); included by interviews/urls.py."""

from django.urls import path

from interviews.room import recording_views
from interviews.room import views as room_views

urlpatterns = [
    path("<int:pk>/room/", room_views.room, name="room"),
    path("<int:pk>/room/notes/", room_views.room_notes, name="room_notes"),
    path("<int:pk>/room/ai/", room_views.room_ai, name="room_ai"),
    path("<int:pk>/room/clock/", room_views.room_clock, name="room_clock"),
    path("<int:pk>/room/recording/consent/", recording_views.recording_consent, name="recording_consent"),
    path("<int:pk>/room/recording/chunk/", recording_views.recording_chunk, name="recording_chunk"),
    path("<int:pk>/room/recording/transcript/", recording_views.recording_transcript, name="recording_transcript"),
    path("<int:pk>/scorecard/save/", room_views.scorecard_save, name="scorecard_save"),
    path("<int:pk>/scorecard/submit/", room_views.scorecard_submit, name="scorecard_submit"),
    path("<int:pk>/scorecard/amend/", room_views.scorecard_amend, name="scorecard_amend"),
]
