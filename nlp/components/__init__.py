"""tipwatch's spaCy components, one concern per module, registered with @Language.factory.

`assemble.add_components` adds them to a pipeline. This package module imports nothing, so no
component can reach back into a half-initialised package.
"""
