"""The signed-in meeting view: data, numbers, views, follow-ups, actions, exports."""

from wallboard.meeting.app import create_app

__all__ = ["create_app"]
