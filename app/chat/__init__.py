"""The chat session: the single path from a person's message to a finished reply."""
