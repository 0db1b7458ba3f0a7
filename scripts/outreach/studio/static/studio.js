// Progressive enhancement only: every form works without this file.
