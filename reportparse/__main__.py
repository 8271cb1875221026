"""``python -m reportparse``."""

from reportparse.cli import main

if __name__ == "__main__":
    main(prog_name="reportparse")
