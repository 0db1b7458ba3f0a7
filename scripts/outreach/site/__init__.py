"""The guidance website: Markdown pages generated from the catalogue, fed to MkDocs by a hook."""
