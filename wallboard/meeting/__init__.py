"""The signed-in meeting view: data, numbers, views, follow-ups, actions, exports."""
