"""The training worker (queue polling, visibility extension, task-token reporting) lands here later."""
