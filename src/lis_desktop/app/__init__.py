"""The app's start-up: the one package that knows all the others.

- `entry`: what the executable is asked to be (the PDF host, the self-test, the window).
- `arguments`: the GUI's command line and the stdio guard, Qt-free (parsed before Qt loads).
- `root`: the composition root of the GUI: logging, the services (offline cache, task
  runner, PDF engine), the main window and the features plugged into it, and their wiring.
- `qt_setup`: Qt for Python set up before the window's modules load (PySide6's source scan).
- `runtime`: process-wide set-up: log file, Qt messages into logging, the excepthook
  that reports unexpected errors once, macOS file-open events, the QApplication.
- `instance`: the single-instance guard (a second launch hands its request to the running window).
- `selftest`: `lis-desktop --self-test`, which proves an installation works.
"""
