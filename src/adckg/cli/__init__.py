"""The command line (``adckg``): the last stage, which calls every other."""
