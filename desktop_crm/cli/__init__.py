"""The command line: the GUI launcher and headless sub-commands over the same services."""
