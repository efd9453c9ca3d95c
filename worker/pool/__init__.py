"""The worker pool: a Huey consumer whose thread workers each supervise one converter child."""
