"""What one build keeps for the next, and the rules by which it is reused.

- ``state``: everything kept, by stage (``BuildCaches``), and the inputs of the last build (``BuildInputs``).
- ``store``: keeping it on disk between runs, signed, as compact entries (``snapshot``), not the live objects.
- ``fingerprint``: a digest of a value's content, which outlives the process (unlike an object's identity).
- ``memo``, ``loadcache``: reuse by key and by file stat; ``loading``: a load told by a file watcher which
  files changed reads only those (load itself reads the whole project).
- ``derived``: a value per record made from it and the records it names, made again only where one of them
  was replaced, found through who reads what (validate's record checks, link's supports and mentions, the
  lints' findings).

Reuse never changes the result: an incremental build gives the bytes a cold build gives.
"""
