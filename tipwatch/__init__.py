"""tipwatch: watches local news for human-trafficking prosecutions."""

from tipwatch import native as _native

# Before any other module of the package loads: the name-matching modules load compiled only
# while the compiled form matches their source (`tipwatch/native.py`).
_native.install()
