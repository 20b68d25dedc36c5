"""The reading side: bytes (files, stdin, saved responses) to paper records.

`reader` turns bytes into lines and marks damage, `registry` knows every layout and detects
which one an input is, `read` runs the chosen layout module over an input, and each layout
module (one per page or format) turns lines into records through `context.ParseContext.make`.
No module here touches the network: `fetch` hands it bytes.
"""
