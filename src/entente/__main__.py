"""`python -m entente` runs the command line."""
from .cli import main

main()
