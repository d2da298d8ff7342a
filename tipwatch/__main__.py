"""`python -m tipwatch`: the same command line as `tipwatch`."""

from tipwatch.cli import main

main()
