"""Attacks on the survey charts' disclosure control, made through the app's real request path.

Each test builds the app with `create_app`, posts to `/_dash-update-component` as a browser (or
an attacker with a script) would, and works only from what comes back: the card CSVs, titles,
descriptions, hover text and tables. The microdata are read only to score an attack, never to
make one. `harness.py` holds the shared machinery; docs/methods.md says what each attack means.
"""
