import sys

from worker.cli import main

# Spawned children re-import the parent's main module: only run the CLI when executed directly.
if __name__ == "__main__":
    sys.exit(main())
