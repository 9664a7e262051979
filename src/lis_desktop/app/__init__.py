"""The app's start-up: the one package that knows all the others.

- `root`: the composition root of the GUI: arguments, logging, the services (offline cache, task
  runner, PDF engine), the main window and the features plugged into it, and their wiring.
- `runtime`: process-wide set-up: stdio guard, log file, Qt messages into logging, the excepthook
  that reports unexpected errors once, macOS file-open events, the QApplication.
- `instance`: the single-instance guard (a second launch hands its request to the running window).
- `selftest`: `lis-desktop --self-test`, which proves an installation works.
"""
