"""The region tree pane.

- `tree`: the widget: nations and their areas, the filter box and the "Showing N of 41" count.
- `width`: how wide the tree wants to be, known before it is built (the window's first frame).
- `model`: its data: a thin item model over the domain regions and the recursive filter proxy.
"""
