"""`lokalspil web`: the same work in the browser, on the same library as the commands.

Imported only by `lokalspil web` (and its tests): `lokalspil --help` loads none of the web stack.
"""
