"""The region tree pane.

- `tree`: the widget: nations and their areas, the filter box and the "Showing N of 41" count.
- `model`: its data: a thin item model over the domain regions and the recursive filter proxy.
"""
