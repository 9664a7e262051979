"""Sync with GOV.UK in the window.

- `controller`: runs a sync off the GUI thread and relays its progress as signals.
- `actions`: the Sync action, the status-bar progress with Cancel, the refresh when it ends.
"""
