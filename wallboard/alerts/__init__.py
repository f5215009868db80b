"""Chat notifications: the outbox in the store, the delivery job, message texts."""
