"""Components: the page layout, built from the app context. No callbacks here."""
